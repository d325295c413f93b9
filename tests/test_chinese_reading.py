"""Chinese sections, over sentences written for these tests: a place name the gazetteer also lists
under another entity (北京 for the state, as translations use it) is the place in a list of places;
two partners of a reciprocal verb (X与Y合作) collaborate; "该计划" is the plan named before, and
"由X会同Y制定" says both issued it; a date before an issuing or founding verb dates what it acts on."""
from __future__ import annotations

import pytest
import yaml

from extract.knowledge import load_gazetteer, load_lexicon
from extract.languages import ForeignSectionReader
from extract.model import Document, DocumentMetadata, LiteralValue, NameKey, Section
from extract.resolve import name_key

GAZETTEER = {"entities": [
    {"id": "state", "class": "GovernmentBody", "labels": {"en": ["Chinese government"], "zh": ["中国政府", "北京"]}},
    {"id": "beijing_city", "class": "LocalGovernment", "labels": {"en": ["Beijing municipality"], "zh": ["北京市"]}},
    {"id": "tianjin_city", "class": "LocalGovernment", "labels": {"en": ["Tianjin municipality"], "zh": ["天津市", "天津"]}},
    {"id": "ai", "class": "Sector", "labels": {"en": ["artificial intelligence"], "zh": ["人工智能"]}},
    {"id": "huawei", "class": "Enterprise", "labels": {"en": ["Huawei"], "zh": ["华为"]}},
    {"id": "tsinghua", "class": "University", "labels": {"en": ["Tsinghua University"], "zh": ["清华大学"]}},
    {"id": "chips", "class": "Sector", "labels": {"en": ["chips"], "zh": ["芯片"]}},
    {"id": "miit", "class": "Ministry", "labels": {"en": ["Ministry of Industry"], "zh": ["工业和信息化部"]}},
    {"id": "ndrc", "class": "Commission", "labels": {"en": ["Reform Commission"], "zh": ["国家发展改革委"]}},
]}


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> ForeignSectionReader:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.yaml"
    path.write_text(yaml.safe_dump(GAZETTEER, allow_unicode=True), encoding="utf-8")
    return ForeignSectionReader(load_gazetteer(path), load_lexicon())


def read(reader: ForeignSectionReader, text: str, published: str | None = None):
    document = Document("t", "t.txt", text, [Section("zh", 0, len(text))], DocumentMetadata(published=published))
    return reader.read(document, document.sections[0], 0)


def keys(reader: ForeignSectionReader, text: str) -> dict[str, str]:
    return {m.text: m.key for m in read(reader, text).mentions}


def typed(reader: ForeignSectionReader, text: str) -> set[tuple[str, str, str]]:
    return {(f.fact.subject, f.fact.predicate, f.fact.object) for f in read(reader, text).facts
            if f.fact.predicate != "relatedTo"}


@pytest.mark.slow
@pytest.mark.parametrize("text", ["天津和北京支持人工智能。", "北京、天津等城市发展人工智能。"])
def test_a_listed_name_among_places_is_the_place(reader, text):
    assert keys(reader, text)["北京"] == "beijing_city"


@pytest.mark.slow
def test_alone_it_stays_what_the_gazetteer_lists(reader):
    assert keys(reader, "面对外部压力，北京加快发展人工智能。")["北京"] == "state"


@pytest.mark.slow
@pytest.mark.parametrize("text", ["华为与清华大学签署合作协议，共同研发芯片。", "华为和清华大学在人工智能领域开展合作。",
                                  "华为同清华大学合作研发芯片。"])
def test_two_partners_of_a_reciprocal_verb_collaborate_and_what_follows_is_no_object(reader, text):
    assert typed(reader, text) == {("huawei", "collaboratesWith", "tsinghua")}


@pytest.mark.slow
def test_this_plan_is_the_plan_named_before_and_both_bodies_issued_it(reader):
    reading = read(reader, "工业和信息化部印发《芯片行动方案》。该方案由工业和信息化部会同国家发展改革委制定，支持人工智能。")
    plan = name_key("芯片行动方案")
    reference = next(m for m in reading.mentions if m.text == "该方案")
    assert reference.reference and reference.key == NameKey("ref", "芯片行动方案")
    facts = {(f.fact.subject, f.fact.predicate, f.fact.object) for f in reading.facts}
    assert {("miit", "issues", plan), ("ndrc", "issues", plan), (plan, "supports", "ai")} <= facts


@pytest.mark.slow
def test_this_committee_without_a_committee_before_names_nothing(reader):
    assert not [m for m in read(reader, "该委员会支持人工智能。").mentions if m.reference]


@pytest.mark.slow
@pytest.mark.parametrize("text, published, expected", [
    ("2024年5月，工业和信息化部印发《芯片行动方案》。", None, ("芯片行动方案", LiteralValue("2024-05", "gYearMonth"))),
    ("今年3月，工业和信息化部印发《芯片行动方案》。", "2025-06", ("芯片行动方案", LiteralValue("2025-03", "gYearMonth"))),
    ("10月8日，国家芯片产业局正式挂牌成立。", "2025-10-20", ("国家芯片产业局", LiteralValue("2025-10-08", "date"))),
])
def test_a_date_before_an_issuing_or_founding_verb_dates_what_it_acts_on(reader, text, published, expected):
    facts = {(f.fact.subject, f.fact.object) for f in read(reader, text, published).facts if f.fact.predicate == "date"}
    assert facts == {(name_key(expected[0]), expected[1])}


@pytest.mark.slow
@pytest.mark.parametrize("text, published", [
    ("11月8日，国家芯片产业局正式挂牌成立。", "2025-10-20"),  # after publication: which year is not certain
    ("10月8日，国家芯片产业局正式挂牌成立。", None),          # no publication date
])
def test_a_date_without_a_certain_year_dates_nothing(reader, text, published):
    assert not [f for f in read(reader, text, published).facts if f.fact.predicate == "date"]


@pytest.mark.slow
def test_a_person_of_a_less_common_surname_heads_the_body_titled_before_them(reader):
    facts = {(f.fact.subject, f.fact.predicate, f.fact.object) for f in read(reader, "星河研究院院长窦贤康表示，芯片很重要。").facts}
    assert (name_key("窦贤康"), "headOf", name_key("星河研究院")) in facts
