"""Figures (extract/figures/) on sentences written for these tests: what each number measures, who
it is about, its unit, year and qualifier — and the numbers that must not become figures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.model import Document, Section


def observations(extractor, text: str) -> set[tuple]:
    extraction = extractor.extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))
    return {(o.subject, o.measure, o.value, o.unit, o.year, o.qualifier) for o in extraction.observations}


@pytest.mark.parametrize("text, expected", [
    ("In 2022, Huawei employed more than 42,000 researchers.",
     ("huawei", "researchers", Decimal(42000), "count", "2022", "more than")),
    ("SMIC received 290,000 applications and approved 48,000 grants.",
     ("smic", "grants", Decimal(48000), "count", None, None)),
    ("Japan spent roughly US$ 8 billion on chip research in 2021.",
     ("japan", "spending", Decimal(8_000_000_000), "USD", "2021", "about")),
    ("Japan's R&D intensity rose to 3.5 percent in 2022.",
     ("japan", "R&D intensity", Decimal("3.5"), "percent", "2022", None)),
    ("The Ministry of Finance will invest EUR 2 billion in robotics by 2027.",
     ("ministry_of_finance", "investment", Decimal(2_000_000_000), "EUR", "2027", "target")),
    ("Huawei has six vice presidents and twelve departments.",
     ("huawei", "departments", Decimal(12), "count", None, None)),
    ("The second phase of the Big Fund raised 200 billion yuan in 2019.",  # the subject's owner
     ("big_fund", "funding", Decimal(200_000_000_000), "CNY", "2019", None)),
    ("Japan's R&D spending rose 4.5% in 2023.",  # a percentage right after a growth verb is the change
     ("japan", "R&D spending", Decimal("4.5"), "percent", "2023", "growth")),
])
def test_a_figure_says_what_it_measures_and_of_whom(mini_extractor, text, expected):
    assert expected in observations(mini_extractor, text)


def test_a_currency_code_glued_to_the_number_is_read():
    from extract.figures.quantities import find_quantities, load_figure_words
    from extract.nlp import load_english

    doc = load_english()("The plan targets output of CNY22 trillion and exports of USD3.28 trillion.")
    found = {(q.value, q.unit) for q in find_quantities(doc, load_figure_words(), skip=set())}
    assert {(Decimal(22_000_000_000_000), "CNY"), (Decimal(3_280_000_000_000), "USD")} <= found


def test_a_framing_year_holds_for_its_paragraph_only(mini_extractor):
    text = ("In 2023, SMIC opened two plants. SMIC hired 9,000 engineers.\n"
            "SMIC approved 1,200 contracts.")
    found = observations(mini_extractor, text)
    assert ("smic", "engineers", Decimal(9000), "count", "2023", None) in found
    assert ("smic", "contracts", Decimal(1200), "count", None, None) in found


@pytest.mark.parametrize("text", [
    "One of the labs was founded in 1998 by Huawei.",          # a date and "one of" are no figures
    "Its output grew by 12 percent, officials said.",          # no entity the sentence makes clear
    "The 14th plan names robotics.",                           # an ordinal
    "Japan wants more firms with annual revenue of over CNY10 billion.",  # the revenue is the firms'
    "Thirteen robotics directors attended the forum.",         # a compound is a kind, not an owner, of a count
    "The team visited more than 20 of Japan's provinces.",     # a count of some of Japan's provinces
])
def test_numbers_that_are_not_figures_of_an_entity(mini_extractor, text):
    assert observations(mini_extractor, text) == set()
