"""extract.ingest.sections: paragraphs by language, header lines left out."""
from __future__ import annotations

import pytest

from extract.ingest import (
    detect_language,
    repair_text,
    split_sections,
)

# ------------------------------------------------------------------------------------- sections

def _runs(sections) -> list[str]:
    """The languages of consecutive sections, one entry per run of one language."""
    return [lang for i, lang in enumerate(s.lang for s in sections) if i == 0 or sections[i - 1].lang != lang]


class TestSections:
    def test_brief_2024_languages_in_order(self, repaired_2024):
        assert _runs(split_sections(repaired_2024)) == ["en", "zh", "fr", "es", "en"]

    def test_brief_2024_section_contents(self, repaired_2024):
        sections = split_sections(repaired_2024)
        texts = [repaired_2024[s.start:s.end] for s in sections]
        assert any("forces productives de nouvelle qualité" in t for t in texts)
        assert not any("French:" in t or "Chinese:" in t or "Spanish:" in t for t in texts)
        assert texts[0].startswith("China is pushing innovation")
        inner_line_ends = [line for t in texts for line in t.split("\n")[:-1] if line]
        assert inner_line_ends and all(line.endswith((".", "。")) for line in inner_line_ends)
        assert texts[-1].endswith("technological innovation in China.")

    def test_brief_2024_headings_are_left_out_and_named(self, repaired_2024):
        sections = split_sections(repaired_2024)
        texts = [repaired_2024[s.start:s.end] for s in sections]
        zh = next(s for s in sections if s.lang == "zh")
        assert zh.heading == "中国 2024科技创新：提升新质生产力和治理体系改革"
        assert next(s for s in sections if s.lang == "fr").heading.startswith("L’INNOVATION TECHNOLOGIQUE EN CHINE")
        assert sections[-1].heading == "Executive Summary"
        assert not any(t.startswith(("Executive Summary", "中国 2024科技创新", "L’INNOVATION")) for t in texts)

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
        assert text[sections[3].start:].startswith("The government has")
        assert sections[3].heading == "Key Findings"

    def test_native_markers_and_start_offset(self):
        text = "Title page\n\nBody in English with the text of the brief.\nFrançais\nLe texte en français.\n中文\n中文文本。"
        start = text.index("Body")
        sections = split_sections(text, start)
        assert [s.lang for s in sections] == ["en", "fr", "zh"]
        assert sections[0].start == start
        assert all("Français" not in text[s.start:s.end] and "中文\n" not in text[s.start:s.end] for s in sections)

    def test_chinese_paragraphs_under_a_chinese_heading(self):
        text = "中国科技创新\n\n中国正在推动创新以增强科技自主。\n\n2024\n\n这一战略侧重于构建现代化产业体系。"
        sections = split_sections(text)
        assert [text[s.start:s.end] for s in sections] == [
            "中国正在推动创新以增强科技自主。\n\n2024", "这一战略侧重于构建现代化产业体系。"]
        assert {s.lang for s in sections} == {"zh"} and {s.heading for s in sections} == {"中国科技创新"}


class TestHeaderLinesLeftOut:
    """Headings, bylines, dates, URLs and captions end the text before them and are in no section."""

    def test_heading_never_joins_the_next_sentence(self):
        text = ("The fund was created by the Ministry of Finance.\n\nNational Laboratories\n"
                "Twelve laboratories were opened in Hefei.")
        sections = split_sections(text)
        texts = [text[s.start:s.end] for s in sections]
        assert texts == ["The fund was created by the Ministry of Finance.", "Twelve laboratories were opened in Hefei."]
        assert sections[1].heading == "National Laboratories"

    def test_lower_case_heading_set_off_by_a_blank_line(self):
        text = "Early rules on data export\n\nThe regulator published its rules in May."
        assert [text[s.start:s.end] for s in split_sections(text)] == ["The regulator published its rules in May."]

    def test_short_sentence_without_period_followed_by_text_is_kept(self):
        text = "the plan was approved by the council\nThe council met in June."
        assert len(split_sections(text)) == 2

    @pytest.mark.parametrize("line", [
        "By Maria Gomez", "Author: Tom Baker", "14 March 2022", "Published: 2021-03-05",
        "https://example.org/report/7", "Figure 2: Spending by province", "Photo: a laboratory in Wuhan",
        "新华社记者王明摄", "Source: Statistical Yearbook 2022"])
    def test_header_line_is_in_no_section(self, line):
        text = f"The agency funds basic research.\n{line}\nIts budget grew in 2021."
        texts = [text[s.start:s.end] for s in split_sections(text)]
        assert texts == ["The agency funds basic research.", "Its budget grew in 2021."]

    def test_paragraphs_that_end_sentences_share_a_section(self):
        text = "The fund opened in May.\nIt lends to farms.\nThe bank"
        assert [text[s.start:s.end] for s in split_sections(text)] == [
            "The fund opened in May.\nIt lends to farms.\nThe bank"]

    def test_each_bullet_is_its_own_section(self):
        text = repair_text("Main points\n\n• Subsidies for chip makers\n• Tax credits for start-ups\n- Loans for labs\n"
                           "1. Grants for universities")
        texts = [text[s.start:s.end] for s in split_sections(text)]
        assert texts == ["Subsidies for chip makers", "Tax credits for start-ups", "Loans for labs",
                         "1. Grants for universities"]

    def test_detect_language(self):
        assert detect_language("中国正在推动创新")[0] == "zh"
        assert detect_language("The state is a coordinator of the actors in this system.")[0] == "en"
        assert detect_language("La Chine encourage l'innovation pour renforcer son autonomie.")[0] == "fr"
        assert detect_language("China está impulsando la innovación para fortalecer su autonomía.")[0] == "es"
        assert detect_language("Executive Summary")[0] is None
