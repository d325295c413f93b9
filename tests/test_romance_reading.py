"""French and Spanish sections, over sentences written for these tests and the real gazetteer: two
parties of a joint act collaborate, however the parser reads the sentence; a field is no partner."""
from __future__ import annotations

import pytest

from extract.knowledge import load_gazetteer, load_lexicon
from extract.languages import ForeignSectionReader
from extract.model import Document, Section


@pytest.fixture(scope="module")
def reader() -> ForeignSectionReader:
    return ForeignSectionReader(load_gazetteer(), load_lexicon())


def typed(reader: ForeignSectionReader, text: str, lang: str = "fr") -> set[tuple[str, str, str]]:
    document = Document("t", "t.txt", text, [Section(lang, 0, len(text))])
    return {(f.fact.subject, f.fact.predicate, f.fact.object) for f in reader.read(document, document.sections[0], 0).facts
            if f.fact.predicate != "relatedTo"}


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Huawei et l'université Tsinghua coopèrent dans le domaine de l'intelligence artificielle.",
    "Huawei coopère avec l'université Tsinghua dans le domaine de l'intelligence artificielle.",
    "Huawei et l'université Tsinghua ont signé un accord de coopération.",
    "Huawei a signé un accord avec l'université Tsinghua.",
])
def test_two_parties_of_a_joint_act_collaborate(reader, text):
    assert ("huawei", "collaboratesWith", "tsinghua_university") in typed(reader, text)


@pytest.mark.slow
@pytest.mark.parametrize("text, lang", [
    ("Huawei a signé un accord et coopère activement.", "fr"),
    ("Huawei coopère activement dans l'intelligence artificielle.", "fr"),
    ("Huawei coopera activamente en inteligencia artificial.", "es"),
])
def test_one_party_alone_collaborates_with_nobody(reader, text, lang):
    assert not [f for f in typed(reader, text, lang) if f[1] == "collaboratesWith"]


@pytest.mark.slow
@pytest.mark.parametrize("text", ["Huawei y ZTE cooperan en inteligencia artificial.",
                                  "Huawei coopera con ZTE en inteligencia artificial."])
def test_spanish_partners_collaborate(reader, text):
    assert ("huawei", "collaboratesWith", "zte") in typed(reader, text, "es")
