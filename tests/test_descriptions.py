"""What a text says a thing is, over sentences written for these tests and a gazetteer made here:
instruments a body issues without naming them, names described by a noun, a place's own body,
group labels that a singular noun does not name, and references that stay unresolved when two
antecedents compete."""
from __future__ import annotations

import copy

import pytest

from extract.knowledge import Gazetteer, GazetteerEntry
from extract.model import Document, Extraction, Section
from extract.pipeline import DocumentExtractor
from extract.rules import RuleConfig

ENTRIES = [
    GazetteerEntry("miit", "Ministry", {"en": ("Ministry of Industry and Information Technology",)}, abbr=("MIIT",)),
    GazetteerEntry("mof", "Ministry", {"en": ("Ministry of Finance",)}),
    GazetteerEntry("state_council", "GovernmentBody", {"en": ("State Council",)}),
    GazetteerEntry("chinese_government", "GovernmentBody", {"en": ("Chinese government", "Beijing")}),
    GazetteerEntry("guangdong", "LocalGovernment", {"en": ("Guangdong",)}),
    GazetteerEntry("local_governments", "ActorGroup", {"en": ("local governments", "provincial governments",
                                                                 "municipal governments")}),
    GazetteerEntry("enterprises", "ActorGroup", {"en": ("companies", "firms")}),
    GazetteerEntry("tenth_plan", "Plan", {"en": ("Tenth Harbour Plan",)}),
    GazetteerEntry("robotics", "Sector", {"en": ("robotics",)}),
    GazetteerEntry("huawei", "Enterprise", {"en": ("Huawei",)}),
    GazetteerEntry("fudan", "University", {"en": ("Fudan University",)}),
]


@pytest.fixture(scope="module")
def extractor(nlp) -> DocumentExtractor:
    made = DocumentExtractor(nlp=nlp, gazetteer=Gazetteer({e.id: e for e in ENTRIES}))
    made.rules = RuleConfig(made.rules.rules, 0.0)  # every fact asserted, whatever its calibrated confidence
    return made


def extract(extractor: DocumentExtractor, text: str) -> Extraction:
    return copy.copy(extractor).extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))


def typed(extraction: Extraction) -> set[tuple[str, str, object]]:
    return {(f.subject, f.predicate, f.object) for f in extraction.facts if f.predicate != "relatedTo"}


def mentions(extraction: Extraction) -> dict[str, tuple[str, str]]:
    return {m.text: (m.key, m.cls) for m in extraction.mentions}


# -- instruments described, not named --------------------------------------------------------------
@pytest.mark.parametrize("text, description", [
    ("The Ministry of Finance unveiled a three-year action plan for robotics.", "three-year action plan"),
    ("The Ministry of Finance rolled out new subsidy guidelines on Monday.", "subsidy guidelines"),
    ("Firms welcomed the procurement rules issued by the Ministry of Finance.", "procurement rules"),
    ("The export roadmap was drafted by the Ministry of Finance.", "export roadmap"),
])
def test_an_instrument_a_body_issues_is_keyed_by_its_issuer(extractor, text, description):
    extraction = extract(extractor, text)
    key, _ = mentions(extraction)[description]
    assert key.startswith("mof_") and ("mof", "issues", key) in typed(extraction)


@pytest.mark.parametrize("text", [
    "The Ministry of Finance unveiled a new plan.",            # nothing tells it apart
    "The Ministry of Finance praised the three-year action plan.",  # not issued in the text
    "China's innovation policy favours robotics.",            # a concept, no issuing verb
    "The Ministry of Finance unveiled a robotics plan.",      # a listed name inside it
])
def test_no_instrument_without_a_telling_modifier_and_an_issuer(extractor, text):
    assert not [m for m in extract(extractor, text).mentions if m.rule == "pattern-described-instrument"]


def test_two_bodies_plans_of_one_description_stay_apart_and_the_plan_refers_back(extractor):
    extraction = extract(extractor, "The Ministry of Finance issued a five-year action plan. The State Council "
                                    "released a five-year action plan too. The plan funds robotics.")
    keys = {m.key for m in extraction.mentions if m.rule == "pattern-described-instrument"}
    assert keys == {"mof_five_year_action_plan", "state_council_five_year_action_plan"}
    assert ("state_council_five_year_action_plan", "funds", "robotics") in typed(extraction)


def test_the_plan_after_two_plans_refers_to_neither_when_the_last_is_the_less_talked_about(extractor):
    extraction = extract(extractor, "MIIT unveiled a three-year action plan for robotics. The plan names ten pilot "
                                    "cities. Its targets match the Tenth Harbour Plan. The State Council approved "
                                    "the plan in May.")
    references = [m for m in extraction.mentions if m.rule == "anaphora"]
    assert [m.text for m in references] == ["The plan"]
    assert ("state_council", "adopts", "tenth_plan") not in typed(extraction)


def test_it_after_an_unnamed_subject_refers_to_nothing(extractor):
    extraction = extract(extractor, "Guangdong's provincial government will fund start-up parks. The scheme aims "
                                    "to attract chip firms, and it promises cheap land.")
    assert not [m for m in extraction.mentions if m.text == "it"]


# -- names described by a noun ---------------------------------------------------------------------
@pytest.mark.parametrize("text, name, cls", [
    ("Zorvex, a drone maker based in Shenzhen, welcomed the rules.", "Zorvex", "Enterprise"),
    ("The Chinese chipmaker Quanlin Micro raised prices.", "Quanlin Micro", "Enterprise"),
    ("Officials visited Harbin Polar, a university in the north.", "Harbin Polar", "University"),
])
def test_a_name_is_of_the_class_the_noun_describing_it_gives(extractor, text, name, cls):
    assert mentions(extract(extractor, text))[name][1] == cls


def test_a_singular_noun_does_not_name_the_group_its_plural_labels(extractor):
    found = mentions(extract(extractor, "Huawei, a telecoms company, hired engineers. Chinese companies grew."))
    assert "company" not in found and found["companies"] == ("enterprises", "ActorGroup")


# -- a place's own body ----------------------------------------------------------------------------
def test_a_places_government_is_its_own_body_not_the_group(extractor):
    extraction = extract(extractor, "Guangdong's provincial government unveiled a three-year robot plan.")
    key, cls = mentions(extraction)["Guangdong's provincial government"]
    assert (key, cls) == ("guangdong_provincial_government", "LocalGovernment")
    assert "local_governments" not in extraction.entities
    assert (key, "issues", f"{key}_three_year_robot_plan") in typed(extraction)


def test_a_name_ner_finds_ends_before_a_bracket_it_does_not_close(nlp):
    from extract.mentions.ner import _trimmed

    doc = nlp.make_doc("the Harbour Academy of Sciences (HAS")
    assert _trimmed(doc[0:len(doc)], frozenset({"the"})).text == "Harbour Academy of Sciences"
    closed = nlp.make_doc("Harbour Institute (Ningbo) Laboratory")
    assert _trimmed(closed[0:len(closed)], frozenset()).text == "Harbour Institute (Ningbo) Laboratory"


def test_a_reform_named_in_a_that_clause_starts_at_its_modifiers(extractor):
    found = mentions(extract(extractor, "We also show that the 2018 reform of tax credits, which merged about 40 "
                                        "schemes into three, cut costs."))
    assert "2018 reform of tax credits" in found and not any(text.startswith("that") for text in found)
