"""Tests for extract.ingest: each stage on its own (decode, repair, metadata, sections, formats,
bad input), then properties.  Fixtures are generated in tmp_path; the two real briefs come from
kg/sample_corpus."""
from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    detect_language,
    html_to_text,
    iter_input_files,
    markdown_to_text,
    read_document,
    read_metadata,
    repair_text,
    split_sections,
)
from extract.model import Document, IngestError

CORPUS = Path(__file__).resolve().parent.parent / "kg" / "sample_corpus"
BRIEF_2023 = CORPUS / "brief-2023.txt"
BRIEF_2024 = CORPUS / "brief-2024.txt"


@pytest.fixture(scope="module")
def raw_2023() -> str:
    return BRIEF_2023.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def raw_2024() -> str:
    return BRIEF_2024.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def repaired_2024(raw_2024: str) -> str:
    return repair_text(raw_2024)


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

    def test_deterministic(self, raw_2024):
        assert repair_text(raw_2024) == repair_text(raw_2024)


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

class TestMetadata:
    def test_brief_2023_title_page(self, raw_2023):
        text = repair_text(raw_2023)
        meta, body_start = read_metadata(text)
        assert meta.title == ("China's Technological Advancements and Innovation in 2023: "
                              "Whole-of-Nation Approach in Strategic Sectors")
        assert meta.author == "QIAN Jiwei"
        assert meta.series == "EAI Background Brief"
        assert meta.number == "1752"
        assert meta.published == "2024-02-23"
        assert text[body_start:].startswith("Executive Summary")

    def test_brief_2024_has_no_title_page(self, repaired_2024):
        meta, body_start = read_metadata(repaired_2024)
        assert (meta.title, meta.author, meta.series, meta.number, meta.published) == (None,) * 5
        assert body_start == 0

    def test_by_line_iso_date_and_mixed_case_title(self):
        text = ("Semiconductor Policy After the Export Controls\n\nBy Jane Doe\n\nPublished: 2024-07-18\n\n"
                "The export controls changed the industry.")
        meta, body_start = read_metadata(text)
        assert meta.title == "Semiconductor Policy After the Export Controls"
        assert meta.author == "Jane Doe"
        assert meta.published == "2024-07-18"
        assert meta.series is None and meta.number is None
        assert text[body_start:].startswith("The export controls")

    def test_us_style_date_and_series(self):
        text = "**AI GOVERNANCE IN THE PRC AND THE 20TH PARTY CONGRESS**\nPolicy Brief No. 12\nJuly 18, 2024\nAbstract\nText."
        meta, body_start = read_metadata(text)
        assert meta.title == "AI Governance in the PRC and the 20th Party Congress"
        assert meta.series == "Policy Brief" and meta.number == "12"
        assert meta.published == "2024-07-18"
        assert meta.author is None
        assert text[body_start:].startswith("Abstract")

    def test_does_not_invent_from_plain_prose(self):
        text = "China is pushing innovation.\n\nIt does so in many ways."
        meta, body_start = read_metadata(text)
        assert meta.title is None and body_start == 0

    def test_unstyled_lone_heading_is_not_a_title(self):
        meta, body_start = read_metadata("Overview of the sector\n\nThe sector grew fast in 2023 and 2024.")
        assert meta.title is None and body_start == 0

    def test_invalid_date_is_not_read(self):
        meta, _ = read_metadata("**TITLE OF THE BRIEF**\nDate of Publication: 31 February 2024\nExecutive Summary")
        assert meta.published is None
        assert meta.title == "Title of the Brief"


# ------------------------------------------------------------------------------------- sections

class TestSections:
    def test_brief_2024_languages_in_order(self, repaired_2024):
        sections = split_sections(repaired_2024)
        assert [s.lang for s in sections] == ["en", "zh", "fr", "es", "en"]

    def test_brief_2024_section_contents(self, repaired_2024):
        sections = split_sections(repaired_2024)
        texts = [repaired_2024[s.start:s.end] for s in sections]
        fr = texts[2]
        assert "forces productives de nouvelle qualité" in fr
        assert not any("French:" in t or "Chinese:" in t or "Spanish:" in t for t in texts)
        assert texts[0].startswith("China is pushing innovation")
        assert texts[1].startswith("中国 2024科技创新")
        assert texts[4].startswith("Executive Summary")
        assert texts[4].rstrip().endswith("technological innovation in China.")

    def test_brief_2024_headings(self, repaired_2024):
        sections = split_sections(repaired_2024)
        assert sections[0].heading == ""
        assert sections[1].heading == "中国 2024科技创新：提升新质生产力和治理体系改革"
        assert sections[2].heading.startswith("L’INNOVATION TECHNOLOGIQUE EN CHINE EN 2024:")
        assert sections[3].heading.startswith("CHINA’S 2024 INNOVACIÓN TECNOLÓGICA")
        assert sections[4].heading == "Executive Summary"

    def test_sections_ordered_and_disjoint(self, repaired_2024):
        sections = split_sections(repaired_2024)
        for a, b in zip(sections, sections[1:]):
            assert a.start < a.end <= b.start < b.end

    def test_unmarked_translation_is_detected(self):
        text = ("The reform of the science and technology system is central to the agenda of the state.\n\n"
                "La réforme du système scientifique est au cœur de la stratégie et des objectifs de la Chine.\n\n"
                "La reforma del sistema de ciencia y tecnología es central para los objetivos de China.\n\n"
                "Key Findings\n\n"
                "The government has increased funding for research and development in the sector.")
        sections = split_sections(text)
        assert [s.lang for s in sections] == ["en", "fr", "es", "en"]
        assert text[sections[3].start:].startswith("Key Findings")

    def test_native_markers_and_start_offset(self):
        text = "Title page\n\nBody in English with the text of the brief.\nFrançais\nLe texte en français.\n中文\n中文文本。"
        start = text.index("Body")
        sections = split_sections(text, start)
        assert [s.lang for s in sections] == ["en", "fr", "zh"]
        assert sections[0].start == start
        assert all("Français" not in text[s.start:s.end] and "中文\n" not in text[s.start:s.end] for s in sections)

    def test_all_chinese_is_one_section(self):
        text = "中国科技创新\n\n中国正在推动创新以增强科技自主。\n\n2024\n\n这一战略侧重于构建现代化产业体系。"
        sections = split_sections(text)
        assert [(s.lang, s.start, s.end) for s in sections] == [("zh", 0, len(text))]

    def test_detect_language(self):
        assert detect_language("中国正在推动创新")[0] == "zh"
        assert detect_language("The state is a coordinator of the actors in this system.")[0] == "en"
        assert detect_language("La Chine encourage l'innovation pour renforcer son autonomie.")[0] == "fr"
        assert detect_language("China está impulsando la innovación para fortalecer su autonomía.")[0] == "es"
        assert detect_language("Executive Summary")[0] is None


# ------------------------------------------------------------------------------------- decoding

class TestDecode:
    def test_utf8_bom(self):
        assert decode_bytes("\ufeffInnovation".encode("utf-8")) == "Innovation"

    def test_utf16_bom(self):
        assert decode_bytes("科技创新 policy".encode("utf-16")) == "科技创新 policy"

    def test_gb18030_chinese(self):
        text = "中国正在推动创新以增强科技自主，这一点在三中全会决议文件中得以强调。"
        assert decode_bytes(text.encode("gb18030")) == text

    def test_cp1252_french_via_guess(self):
        text = "La Chine encourage l'innovation pour renforcer son autonomie technologique, comme souligné."
        assert decode_bytes(text.encode("cp1252")) == text

    def test_undecodable_bytes(self):
        with pytest.raises(IngestError, match="not valid UTF-8 text"):
            decode_bytes(b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end", "x.txt")


# ------------------------------------------------------------------------------------- formats

def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _make_pdf(pages: list[str], width: float = 80) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(width, 6, text)
    return bytes(pdf.output())


class TestFormats:
    def test_txt_document_fields(self, tmp_path):
        path = _write(tmp_path, "brief-2099.txt", "The state is a coordinator\nof innovation.\n")
        doc = read_document(path)
        assert isinstance(doc, Document)
        assert doc.doc_id == "brief-2099"
        assert doc.path == str(path)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", doc.content_hash)
        assert doc.text == "The state is a coordinator of innovation."
        assert [(s.lang, s.start, s.end) for s in doc.sections] == [("en", 0, len(doc.text))]

    def test_real_briefs(self):
        d23 = read_document(BRIEF_2023)
        assert d23.doc_id == "brief-2023"
        assert d23.metadata.author == "QIAN Jiwei"
        assert d23.text[d23.body_start:].startswith("Executive Summary")
        assert [s.lang for s in d23.sections] == ["en"]
        assert d23.sections[0].start == d23.body_start
        d24 = read_document(BRIEF_2024)
        assert d24.languages == ["en", "zh", "fr", "es"]
        assert [s.lang for s in d24.sections] == ["en", "zh", "fr", "es", "en"]

    def test_markdown(self, tmp_path):
        md = (
            "---\ntitle: Front Matter Title\n---\n"
            "# China's *Innovation* Push\n\n"
            "The **Ministry of Science and Technology** coordinates [national labs](https://example.org)\n"
            "and _research institutes_. ![chart](img.png)\n\n"
            "- semiconductors\n* artificial intelligence\n\n"
            "```\ncode_block = keep_me\n```\n"
            "Inline `code` and <span>html</span> and snake_case_word.\n"
        )
        path = _write(tmp_path, "note.md", md)
        doc = read_document(path)
        text = doc.text
        assert "China's Innovation Push" in text
        assert ("The Ministry of Science and Technology coordinates national labs and research institutes."
                in text)
        assert "semiconductors\nartificial intelligence" in text
        assert "code_block = keep_me" in text
        assert "Inline code and html and snake_case_word." in text
        for junk in ("**", "](", "https://", "img.png", "chart", "<span>", "```", "# ", "- semi", "title:"):
            assert junk not in text
        assert doc.metadata.title == "Front Matter Title"

    def test_markdown_helper_title_hint(self):
        text, title = markdown_to_text("Heading\n=======\n\nSome *text*.")
        assert title == "Heading"
        assert "Some text." in text and "===" not in text

    def test_html(self, tmp_path):
        page = (
            "<!DOCTYPE html><html><head><title>Innovation &amp; Policy</title>"
            "<style>body { color: red }</style><script>alert(1)</script></head><body>"
            "<noscript>enable js</noscript><template><p>hidden template</p></template>"
            "<!-- a comment -->"
            "<h1>China&rsquo;s Innovation</h1><p>The state&nbsp;is a <b>coordinator</b><br>of actors.</p>"
            "<ul><li>semiconductors</li><li>aerospace</li></ul>"
            "<div>R&amp;D spending rose.</div><script type='text/javascript'>var x = '<p>no</p>';</script>"
            "</body></html>"
        )
        path = _write(tmp_path, "page.html", page)
        doc = read_document(path)
        text = doc.text
        for junk in ("alert(1)", "<script>", "color: red", "enable js", "hidden template", "a comment",
                     "var x", "<p>", "&amp;", "&nbsp;"):
            assert junk not in text
        assert "China’s Innovation" in text
        assert "The state is a coordinator of actors." in text  # <br> inside a sentence is re-joined
        assert "semiconductors\naerospace" in text
        assert "R&D spending rose." in text
        assert doc.metadata.title == "Innovation & Policy"

    def test_html_helper_never_returns_script(self):
        text, _ = html_to_text("<p>a</p><SCRIPT>alert(1)</SCRIPT><p>b</p>")
        assert "alert" not in text

    def test_html_declared_charset(self, tmp_path):
        page = '<html><head><meta charset="gb18030"></head><body><p>中国科技创新政策</p></body></html>'
        path = _write(tmp_path, "zh.htm", page.encode("gb18030"))
        assert read_document(path).text == "中国科技创新政策"

    def test_pdf_two_pages_sentence_joined(self, tmp_path):
        sentence = ("The Ministry of Science and Technology coordinates the national laboratories and the "
                    "research institutes across the country.")
        path = _write(tmp_path, "brief.pdf", _make_pdf([sentence + " Second sentence here.",
                                                        "Page two talks about semiconductors."]))
        doc = read_document(path)
        assert sentence in doc.text.split("\n")[0]
        assert "Page two talks about semiconductors." in doc.text
        assert doc.doc_id == "brief"

    def test_gb18030_chinese_txt(self, tmp_path):
        text = ("中国科技创新\n\n中国正在推动创新以增强科技自主，这一点在三中全会决议文件\n\n"
                "中得以强调。这一战略侧重于构建现代化产业体系。\n")
        path = _write(tmp_path, "zh-brief.txt", text.encode("gb18030"))
        doc = read_document(path)
        assert "三中全会决议文件中得以强调" in doc.text
        assert doc.text.startswith("中国科技创新")
        assert [s.lang for s in doc.sections] == ["zh"]
        assert doc.content_hash.startswith("sha256:")


# ------------------------------------------------------------------------------------- bad input

def _assert_ingest_error(path: Path, reason: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_document(path)
    err = info.value
    assert str(path) in str(err)
    assert reason in str(err)
    assert err.path == str(path)
    return err


class TestBadInput:
    def test_empty(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "empty.txt", b""), "empty file")

    def test_whitespace_only(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "blank.md", b" \n\t\r\n  \n"), "empty file")

    def test_nbsp_only(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "nbsp.txt", "\u00a0\u3000\n".encode()), "empty file")

    def test_binary_with_txt_extension(self, tmp_path):
        data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        _assert_ingest_error(_write(tmp_path, "image.txt", data), "binary content, not text")

    def test_control_characters_without_nul(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "ctrl.txt", b"ab\x01\x02\x03\x04cd\x05\x06\x07\x08"),
                             "binary content, not text")

    def test_neither_utf8_nor_chinese(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "garbled.txt", b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end"),
                             "not valid UTF-8 text")

    def test_corrupt_pdf(self, tmp_path):
        data = bytes((i * 37 + 11) % 256 for i in range(2048))
        _assert_ingest_error(_write(tmp_path, "random.pdf", data), "corrupt PDF")

    def test_truncated_pdf(self, tmp_path):
        data = _make_pdf(["Some text on a page."])
        _assert_ingest_error(_write(tmp_path, "truncated.pdf", data[: len(data) // 3]), "corrupt PDF")

    def test_encrypted_pdf(self, tmp_path):
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_make_pdf(["Secret text."]))))
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        _assert_ingest_error(_write(tmp_path, "locked.pdf", buf.getvalue()), "encrypted PDF")

    def test_encrypted_pdf_with_empty_user_password_opens(self, tmp_path):
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_make_pdf(["Open text for everyone."]))))
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        doc = read_document(_write(tmp_path, "owner-only.pdf", buf.getvalue()))
        assert "Open text for everyone." in doc.text

    def test_image_only_pdf(self, tmp_path):
        fpdf = pytest.importorskip("fpdf")
        pdf = fpdf.FPDF()
        pdf.add_page()
        pdf.rect(10, 10, 80, 60, style="F")
        pdf.add_page()
        err = _assert_ingest_error(_write(tmp_path, "scan.pdf", bytes(pdf.output())), "PDF has no extractable text")
        assert "OCR" in err.reason

    def test_unsupported_suffix(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "brief.docx", b"PK\x03\x04"), "unsupported file type")

    def test_missing_file_read_document(self, tmp_path):
        _assert_ingest_error(tmp_path / "nope.txt", "no such file")

    def test_only_markup(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "empty.html", "<html><script>x()</script></html>"), "no text content")


# ------------------------------------------------------------------------------------- file discovery

class TestIterInputFiles:
    def test_recursive_sorted_filtered(self, tmp_path):
        for rel in ("b.txt", "a.md", "sub/c.pdf", "sub/deeper/d.HTML", "sub/x.docx", ".hidden.txt",
                    ".git/config.txt", "notes.txt~", "sub/e.htm"):
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
        found = list(iter_input_files([tmp_path]))
        assert all(isinstance(p, Path) for p in found)
        assert [p.relative_to(tmp_path).as_posix() for p in found] == [
            "a.md", "b.txt", "sub/c.pdf", "sub/deeper/d.HTML", "sub/e.htm"]
        assert list(iter_input_files([tmp_path])) == found  # deterministic

    def test_missing_path_yields_error_and_goes_on(self, tmp_path):
        good = _write(tmp_path, "good.txt", "text")
        out = list(iter_input_files([tmp_path / "missing.txt", good]))
        assert isinstance(out[0], IngestError)
        assert "missing.txt" in str(out[0]) and "no such file" in out[0].reason
        assert out[1] == good

    def test_explicit_unsupported_file_is_reported(self, tmp_path):
        out = list(iter_input_files([_write(tmp_path, "a.docx", "x")]))
        assert len(out) == 1 and isinstance(out[0], IngestError)

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
    def test_symlink_loop_terminates(self, tmp_path):
        root = tmp_path / "root"
        (root / "a" / "b").mkdir(parents=True)
        _write(root / "a" / "b", "doc.txt", "text")
        (root / "a" / "b" / "loop").symlink_to(root, target_is_directory=True)
        (root / "a" / "self").symlink_to(root / "a", target_is_directory=True)
        (root / "broken.txt").symlink_to(root / "does-not-exist.txt")
        out = list(iter_input_files([root, root]))
        files = [p for p in out if isinstance(p, Path)]
        errors = [e for e in out if isinstance(e, IngestError)]
        assert [p.name for p in files] == ["doc.txt"]
        assert len(errors) == 1 and "broken symbolic link" in errors[0].reason

    @pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
    def test_unreadable_file_yields_error(self, tmp_path):
        path = _write(tmp_path, "secret.txt", "text")
        path.chmod(0)
        try:
            out = list(iter_input_files([path]))
            assert isinstance(out[0], IngestError) and "permission" in out[0].reason
        finally:
            path.chmod(0o644)

    def test_supported_suffixes_constant(self):
        assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


# ------------------------------------------------------------------------------------- properties

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


@settings(max_examples=300, deadline=None)
@given(_PAPERISH)
def test_pipeline_stages_on_paper_like_text(text):
    out = repair_text(text)
    assert "\n\n\n" not in out
    meta, body_start = read_metadata(out)
    assert 0 <= body_start <= len(out)
    sections = split_sections(out, body_start)
    previous_end = body_start
    for section in sections:
        assert previous_end <= section.start < section.end <= len(out)
        assert section.lang in {"en", "zh", "fr", "es", "ja", "ko", "und"}
        assert not out[section.start:section.end].startswith("Chinese:")
        previous_end = section.end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_read_document_on_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except IngestError as err:
            assert str(path) in str(err) and err.reason
        else:
            assert isinstance(doc, Document)
            assert doc.text and "\n\n\n" not in doc.text
            assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.sections)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=500), st.sampled_from([".txt", ".md", ".html"]))
def test_read_document_on_arbitrary_text(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            doc = read_document(path)
        except IngestError:
            pass
        else:
            assert isinstance(doc, Document)
