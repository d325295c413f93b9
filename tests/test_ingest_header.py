"""extract.ingest titlepage and headers: title pages, source lines, bylines, dates, URLs."""
from __future__ import annotations

import pytest

from extract.ingest import (
    read_header,
    read_metadata,
    repair_text,
)

class TestMetadata:
    def test_brief_2023_title_page(self, raw_2023):
        text = repair_text(raw_2023)
        page = read_metadata(text)
        meta = page.metadata
        assert meta.title == ("China's Technological Advancements and Innovation in 2023: "
                              "Whole-of-Nation Approach in Strategic Sectors")
        assert meta.author == "QIAN Jiwei"
        assert meta.series == "EAI Background Brief"
        assert meta.number == "1752"
        assert meta.published == "2024-02-23"
        assert text[page.body_start:].startswith("Executive Summary")

    def test_brief_2024_has_no_title_page(self, repaired_2024):
        page = read_metadata(repaired_2024)
        meta = page.metadata
        assert (meta.title, meta.author, meta.series, meta.number, meta.published) == (None,) * 5
        assert page.body_start == 0

    def test_by_line_iso_date_and_mixed_case_title(self):
        text = ("Semiconductor Policy After the Export Controls\n\nBy Jane Doe\n\nPublished: 2024-07-18\n\n"
                "The export controls changed the industry.")
        page = read_metadata(text)
        meta = page.metadata
        assert meta.title == "Semiconductor Policy After the Export Controls"
        assert meta.author == "Jane Doe"
        assert meta.published == "2024-07-18"
        assert meta.series is None and meta.number is None
        assert text[page.body_start:].startswith("The export controls")

    def test_us_style_date_and_series(self):
        text = "**AI GOVERNANCE IN THE PRC AND THE 20TH PARTY CONGRESS**\nPolicy Brief No. 12\nJuly 18, 2024\nAbstract\nText."
        page = read_metadata(text)
        meta = page.metadata
        assert meta.title == "AI Governance in the PRC and the 20th Party Congress"
        assert meta.series == "Policy Brief" and meta.number == "12"
        assert meta.published == "2024-07-18"
        assert meta.author is None
        assert text[page.body_start:].startswith("Abstract")

    def test_does_not_invent_from_plain_prose(self):
        text = "China is pushing innovation.\n\nIt does so in many ways."
        page = read_metadata(text)
        meta = page.metadata
        assert meta.title is None and page.body_start == 0

    def test_unstyled_lone_heading_is_not_a_title(self):
        page = read_metadata("Overview of the sector\n\nThe sector grew fast in 2023 and 2024.")
        meta = page.metadata
        assert meta.title is None and page.body_start == 0

    def test_invalid_date_is_not_read(self):
        page = read_metadata("**TITLE OF THE BRIEF**\nDate of Publication: 31 February 2024\nExecutive Summary")
        meta = page.metadata
        assert meta.published is None
        assert meta.title == "Title of the Brief"


class TestSourceLine:
    """A leading ``SOURCE:`` line is metadata, never text."""

    def test_outlet_title_date_url(self):
        text = ("SOURCE: Harbour Daily (web edition), New rules for river ports, 2019-06-02, "
                "https://harbour.example/news/2019/ports\n\nThe river authority issued new rules.")
        doc_meta = read_header(text)
        meta = doc_meta.metadata
        assert (meta.publisher, meta.title, meta.published, meta.url) == (
            "Harbour Daily (web edition)", "New rules for river ports", "2019-06-02",
            "https://harbour.example/news/2019/ports")
        assert text[doc_meta.body_start:].startswith("The river authority")

    @pytest.mark.parametrize("label", ["Source:", "SOURCE :", "来源：", "source:"])
    def test_label_spellings(self, label):
        meta = read_header(f"{label} Valley Post, Farm subsidies explained, 2020\n\nText of the article.").metadata
        assert meta.publisher == "Valley Post" and meta.title == "Farm subsidies explained"
        assert meta.published == "2020"

    def test_notes_and_bracketed_placeholders_are_skipped(self):
        meta = read_header("SOURCE: Lake Review (stored copy), [title not captured in stored copy], "
                           "reprinted by Hill News, 2017 (approx.), http://lake.example/a\n\nBody text here.").metadata
        assert meta.publisher == "Lake Review" and meta.title is None and meta.published == "2017"

    def test_quoted_title_wins_and_month_day_year_is_one_date(self):
        meta = read_header('SOURCE: Journal Index, summary of A. Person, "Roads, Rails and Ports", '
                           'March 3, 2015, https://index.example/1\n\nSummary text.').metadata
        assert meta.title == "Roads, Rails and Ports" and meta.published == "2015-03-03"

    def test_source_line_is_never_joined_to_the_first_paragraph(self):
        raw = ("SOURCE: A very long outlet name that fills the whole width of the line, A long title of the "
               "article, 2021, https://example.org/a/very/long/path/to/the/article\n\nthe text starts here "
               "in lower case and runs on.")
        text = repair_text(raw)
        assert text.split("\n")[0].endswith("/article")
        header = read_header(text)
        assert text[header.body_start:].startswith("the text starts")

    def test_headline_repeating_the_title_is_skipped(self):
        text = ("SOURCE: Coast Times, Ports expand on the east coast as trade grows again this spring season, 2022\n\n"
                "Ports expand on the east coast as trade grows again this spring season\nThe ports grew.")
        header = read_header(text)
        assert text[header.body_start:] == "The ports grew."


class TestHeaderZone:
    def test_byline_date_and_url_before_the_text(self):
        text = ("Dams and Rivers\n\nBy Ana Ruiz\n\n5 May 2021\n\nhttps://rivers.example/dams\n\n"
                "The dam was finished in 2020.")
        meta = read_header(text).metadata
        assert (meta.author, meta.published, meta.url) == ("Ana Ruiz", "2021-05-05", "https://rivers.example/dams")

    def test_date_line_in_the_middle_of_the_text_is_not_the_publication_date(self):
        text = "The dam was finished.\n\n5 May 2021\n\nIt holds water."
        assert read_header(text).metadata.published is None
