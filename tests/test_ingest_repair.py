"""extract.ingest.repair: line joining, hyphens, bullets, page furniture, citation markers."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ingest import (
    read_document,
    read_metadata,
    repair_text,
    split_sections,
)

# ------------------------------------------------------------------------------------- repair

class TestRepairLines:
    def test_joins_wrapped_english_line(self):
        raw = ("The Ministry of Science and Technology coordinates the national laboratories and\n"
               "the research institutes across the country.\n")
        assert repair_text(raw) == ("The Ministry of Science and Technology coordinates the national "
                                    "laboratories and the research institutes across the country.")

    def test_joins_across_one_blank_line_in_double_spaced_text(self):
        raw = ("1. Strengthening innovation to drive technological progress is increasingly central to \n\n"
               "China’s policy agenda. The resolution document from the Third Plenum of the 20th \n\n"
               "Party Congress, released in July 2024, underscores the pivotal role of technology. \n\n \n\n"
               "2. Amid escalating geopolitical tensions in recent years, marked by US sanctions on \n\n"
               "Chinese firms and other entities, China has intensified its policy efforts.\n")
        out = repair_text(raw)
        assert out.split("\n\n") == [
            "1. Strengthening innovation to drive technological progress is increasingly central to China’s "
            "policy agenda. The resolution document from the Third Plenum of the 20th Party Congress, released "
            "in July 2024, underscores the pivotal role of technology.",
            "2. Amid escalating geopolitical tensions in recent years, marked by US sanctions on Chinese firms "
            "and other entities, China has intensified its policy efforts.",
        ]

    def test_keeps_short_title_page_lines_apart(self):
        raw = "QIAN Jiwei\n\nEAI Background Brief No. 1752\n\nDate of Publication: 23 February 2024\n"
        assert repair_text(raw) == "QIAN Jiwei\n\nEAI Background Brief No. 1752\n\nDate of Publication: 23 February 2024"

    def test_numbered_items_and_markers_are_boundaries(self):
        raw = ("global tech ambitions and the\n1. First item that is long enough to be wrapped here\n"
               "2. Second item\nChinese:\n中国科技创新\n")
        lines = repair_text(raw).split("\n")
        assert lines[1].startswith("1. First item")
        assert lines[2] == "2. Second item"
        assert lines[3] == "Chinese:"
        assert lines[4] == "中国科技创新"

    def test_lowercase_continuation_joins_even_when_short(self):
        assert repair_text("The state\nis a coordinator.") == "The state is a coordinator."

    def test_all_caps_title_lines_join_but_not_into_body(self):
        raw = ("L’INNOVATION TECHNOLOGIQUE EN CHINE EN 2024:  FAVORISER LES \n"
               "FORCES PRODUCTIVES DE NOUVELLE QUALITÉ \n \n"
               "La Chine encourage l'innovation pour renforcer son autonomie technologique.\n")
        assert repair_text(raw) == (
            "L’INNOVATION TECHNOLOGIQUE EN CHINE EN 2024: FAVORISER LES FORCES PRODUCTIVES DE NOUVELLE QUALITÉ"
            "\n\nLa Chine encourage l'innovation pour renforcer son autonomie technologique.")

    def test_heading_after_sentence_end_stays_on_its_own_line(self):
        raw = ("Despite these headwinds, the agenda remains central to its long-term development goals.\n"
               "Executive Summary\n\n1. Strengthening innovation.")
        assert repair_text(raw).split("\n")[1] == "Executive Summary"


class TestRepairChinese:
    def test_cjk_lines_join_without_space_across_blank_line(self):
        raw = "中国正在推动创新以增强科技自主，这一点在 2024年 7月发布的三中全会决议文件\n\n中得以强调。面对日益加剧的地缘政治紧张\n"
        assert repair_text(raw) == "中国正在推动创新以增强科技自主，这一点在 2024年 7月发布的三中全会决议文件中得以强调。面对日益加剧的地缘政治紧张"

    def test_cjk_lines_join_without_space_no_blank(self):
        assert repair_text("中国正在推动\n创新以增强科技自主。") == "中国正在推动创新以增强科技自主。"

    def test_cjk_sentence_end_short_line_is_kept(self):
        assert repair_text("中国标题。\n正文开始") == "中国标题。\n正文开始"


class TestRepairBlankLinesAndNoise:
    def test_blank_line_runs_collapse_to_one(self):
        raw = "First paragraph ends here.\n\n\n \n\t\n\n\nSecond paragraph.\n\n\n"
        assert repair_text(raw) == "First paragraph ends here.\n\nSecond paragraph."

    def test_page_number_lines_are_removed(self):
        raw = "End of page one.\n\n12\n\nStart of page two.\n- 13 -\nPage 14 of 20\nMore text."
        out = repair_text(raw)
        assert not re.search(r"\b1[234]\b", out)
        assert "End of page one." in out and "Start of page two." in out and "More text." in out

    def test_page_break_inside_sentence_joins_on_lowercase(self):
        raw = ("The government has significantly augmented funding for research in recent years and\n\n"
               "7\n\n\nintroduced guidance funds to support innovative enterprises.")
        assert repair_text(raw) == ("The government has significantly augmented funding for research in recent "
                                    "years and introduced guidance funds to support innovative enterprises.")

    def test_whitespace_unicode_and_newlines_normalised(self):
        raw = "Caf\u0065\u0301 policy   \r\nand\u00a0more\u202fspace\ufb01nance\u200b.\r"
        assert repair_text(raw) == "Caf\u00e9 policy and more spacefinance."

    def test_trailing_spaces_stripped(self):
        out = repair_text("A heading   \n\nA sentence.   \n\nAnother one.  ")
        assert all(line == line.rstrip() for line in out.split("\n"))


class TestRepairHyphens:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("shifting from traditional, labour-\nintensive models", "shifting from traditional, labour-intensive models"),
            ("under the whole-\nof-nation approach", "under the whole-of-nation approach"),
            ("anchored by “new-\nquality productive forces”", "anchored by “new-quality productive forces”"),
            ("ties with Sino-\nAmerican partners", "ties with Sino-American partners"),
            ("after COVID-\n19 ended", "after COVID-19 ended"),
        ],
    )
    def test_real_compounds_keep_their_hyphen(self, raw, expected):
        assert repair_text(raw) == expected

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("advances in technol-\nogy matter", "advances in technology matter"),  # bare suffix tail
            ("the coordina-\ntion of actors", "the coordination of actors"),
            ("the gov-\nernment and the government", "the government and the government"),  # word seen elsewhere
            ("soft\u00ad\nhyphen", "softhyphen"),  # soft hyphen always dropped
        ],
    )
    def test_typesetting_hyphens_are_dropped(self, raw, expected):
        assert repair_text(raw) == expected

    def test_compound_seen_elsewhere_wins(self):
        raw = "The state-owned firms.\nMost state-\nowned banks lend."
        assert "state-owned banks" in repair_text(raw)

    def test_hyphen_across_blank_line(self):
        assert repair_text("under the whole-\n\nof-nation approach") == "under the whole-of-nation approach"

    def test_dash_with_space_is_not_a_word_break(self):
        assert repair_text("a reform -\nand a big one") == "a reform - and a big one"


class TestRepairBullets:
    def test_bullet_glyphs_removed_items_kept_apart(self):
        raw = "Key sectors:\n• semiconductors\n▪ artificial intelligence\n● aerospace\n◦ biomedicine\n\uf0b7 batteries\n– robotics"
        assert repair_text(raw).split("\n") == [
            "Key sectors:", "semiconductors", "artificial intelligence", "aerospace", "biomedicine", "batteries",
            "robotics",
        ]

    def test_bullet_glyph_alone_on_its_line(self):
        assert repair_text("Intro line:\n•\nfirst item\n•\nsecond item") == "Intro line:\nfirst item\nsecond item"

    def test_negative_number_is_not_a_bullet(self):
        assert repair_text("- 12% growth") == "- 12% growth"


class TestRepairRealBrief:
    def test_brief_2024_plenum_sentence_on_one_line(self, repaired_2024):
        lines = repaired_2024.split("\n")
        assert any("the Third Plenum of the 20th Party Congress, released in July 2024" in line for line in lines)

    def test_brief_2024_chinese_joined(self, repaired_2024):
        assert "三中全会决议文件中得以强调" in repaired_2024

    def test_brief_2024_compounds(self, repaired_2024):
        assert "whole-of-nation approach. The first" in repaired_2024
        assert "labour-intensive models" in repaired_2024
        assert "“new-quality productive forces” in high-tech" in repaired_2024

    def test_brief_2024_structure(self, repaired_2024):
        assert "\n\n\n" not in repaired_2024
        lines = repaired_2024.split("\n")
        for marker in ("Chinese:", "French:", "Spanish:", "Executive Summary"):
            assert marker in lines
        assert [line[:2] for line in lines if re.match(r"\d\. ", line)] == [f"{i}." for i in range(1, 10)]

    def test_idempotent_on_real_briefs(self, raw_2023, raw_2024):
        for raw in (raw_2023, raw_2024):
            once = repair_text(raw)
            assert repair_text(once) == once


# ------------------------------------------------------------------------------------- metadata


# ------------------------------------------------------------------------------------- properties

@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_repair_never_raises_and_collapses_blank_runs(text):
    out = repair_text(text)
    assert "\n\n\n" not in out
    assert "\r" not in out
    assert out == out.strip()
    assert all(line == line.rstrip() for line in out.split("\n"))
    again = repair_text(out)  # no crash on its own output, still well formed
    assert "\n\n\n" not in again


_PAPERISH = st.lists(
    st.one_of(
        st.sampled_from(["\n", "\n\n", " \n", "-\n", "\u00ad\n", "• ", "12\n", "Chinese:\n", "。", ". ", ", "]),
        st.text(alphabet="abcdefghij ABCDEF中国创新éçñ", min_size=1, max_size=30),
    ),
    max_size=40,
).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_PAPERISH)
def test_pipeline_stages_on_paper_like_text(text):
    out = repair_text(text)
    assert "\n\n\n" not in out
    body_start = read_metadata(out).body_start
    assert 0 <= body_start <= len(out)
    sections = split_sections(out, body_start)
    previous_end = body_start
    for section in sections:
        assert previous_end <= section.start < section.end <= len(out)
        assert section.lang in {"en", "zh", "fr", "es", "ja", "ko", "und"}
        assert not out[section.start:section.end].startswith("Chinese:")
        previous_end = section.end


class TestRepairCitationMarkers:
    @pytest.mark.parametrize("raw, expected", [
        ("The plan started in 2008.[3] It ended in 2018.", "The plan started in 2008. It ended in 2018."),
        ("Funding rose [12] in every province.", "Funding rose in every province."),
        ("The bank [citation needed], in turn[1][2], lent more.", "The bank, in turn, lent more."),
        ("Growth was fast [4–6].", "Growth was fast."),
        ("Keep [the bracketed words] and [2023 figures].", "Keep [the bracketed words] and [2023 figures]."),
    ])
    def test_markers_removed(self, raw, expected):
        assert repair_text(raw) == expected

    def test_a_line_of_markers_only_leaves_no_paragraph_break(self):
        assert repair_text("The line runs on\n[7]\nand ends here.") == "The line runs on and ends here."

    def test_offsets_index_the_document_text(self, tmp_path):
        path = tmp_path / "wiki.txt"
        path.write_text("The Academy[1] opened a laboratory in Hefei.[2][3]\n", encoding="utf-8")
        doc = read_document(path)
        section = doc.sections[0]
        assert doc.text[section.start:section.end] == "The Academy opened a laboratory in Hefei."
        assert "[" not in doc.text


def test_a_comma_glued_to_the_next_word_gets_its_space():
    assert repair_text("the United States,Australia,Canada and others (TTP),or the plan;then") == \
        "the United States, Australia, Canada and others (TTP), or the plan; then"
    assert repair_text("It cost 1,000 yuan, see a,b and https://x.org/a,bc") == "It cost 1,000 yuan, see a,b and https://x.org/a,bc"
