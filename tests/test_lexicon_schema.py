"""One lexicon schema for every language (ontology/lexicon/README.md): the common keys mean the same
in every file, and a key nobody reads is an error naming the file and the key.

These tests read the lexicon files and small files of their own; they load no spaCy pipeline.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from extract.knowledge import load_class_tree, load_lexicon
from extract.languages import load_language_lexicons
from extract.lexicon_schema import COMMON_KEYS, LexiconError, Phrase, VerbPrep, VerbSense
from extract.yamlfile import read_yaml
from kg.namespaces import CIKG
from ontology import LEXICON_DIR, LEXICON_YAML, ONTOLOGY_TTL


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_language_has_its_file_in_one_folder():
    assert LEXICON_YAML == LEXICON_DIR / "en.yaml"
    assert {p.stem for p in LEXICON_DIR.glob("*.yaml")} == {"en", "zh", "fr", "es"}
    assert (LEXICON_DIR / "README.md").is_file()


def test_the_readme_documents_every_key_of_every_file():
    readme = (LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for path in LEXICON_DIR.glob("*.yaml"):
        for key in read_yaml(path):
            assert f"`{key}`" in readme, (path.name, key)
        assert "ontology/lexicon/README.md" in path.read_text(encoding="utf-8").split("\n\n")[0], path.name
    for key in COMMON_KEYS:
        assert f"| `{key}` |" in readme, key


def test_the_common_keys_parse_to_the_same_records_in_english_and_french(tmp_path):
    entries = """
verbs:
  anchor: {property: underpins, inverse: true}
verb_preps:
  - {verb: base, prep: "on", property: underpins, inverse: true}
phrases:
  - {lemmas: [receive, funding, from], property: funds, inverse: true}
instrument_nouns: {embargo: ban}
"""
    write(tmp_path, "fr.yaml", entries)
    words = load_language_lexicons(tmp_path)["fr"]
    assert words.verbs == {"anchor": VerbSense("underpins", inverse=True)}
    assert words.verb_preps == (VerbPrep("base", "on", "underpins", inverse=True),)
    assert words.phrases == (Phrase(("receive", "funding", "from"), "funds", inverse=True),)
    assert words.instrument_nouns == {"embargo": "ban"}
    english = load_lexicon(write(tmp_path, "en.yaml", entries.replace("anchor: {property: underpins, inverse: true}",
                                                                      "anchor: underpins")
                                 + "instrument_classes: {ban: Policy}\n"))
    assert english.verb_preps == words.verb_preps and english.phrases == words.phrases
    assert english.instrument_class("embargo") == "Policy"


@pytest.mark.parametrize("name, text, named", [
    ("fr.yaml", "verbs: {financer: funds}\nverb_prep: []\n", "'verb_prep'"),  # a typo of verb_preps
    ("zh.yaml", "phrases: [{lemmas: [a, b], property: funds}]\n", "'phrases'"),  # the zh reader reads no phrases
    ("es.yaml", "verb_preps: [{verb: basar, prep: en, property: underpins, reverse: true}]\n", "'reverse'"),
    ("fr.yaml", "verbs: {developper: [{property: establishes, objects: [Policy]}, promotes]}\n", "developper"),
    ("de.yaml", "verbs: {fordern: promotes}\n", "'de'"),  # no reader reads German
])
def test_a_key_or_field_nobody_reads_is_an_error_naming_the_file_and_the_key(tmp_path, name, text, named):
    write(tmp_path, name, text)
    with pytest.raises(LexiconError) as error:
        load_language_lexicons(tmp_path)
    assert name in str(error.value) and named in str(error.value)


@pytest.mark.parametrize("text, named", [
    ("verbs: {fund: funds}\nverb_prep: []\n", "'verb_prep'"),
    ("verbs: {anchor: {property: underpins, inverse: true}}\n", "anchor"),
    ("instrument_nouns: {sanction: sanction}\n", "'sanction'"),  # no instrument_classes entry
])
def test_an_english_key_nobody_reads_is_an_error(tmp_path, text, named):
    path = write(tmp_path, "en.yaml", text)
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert "en.yaml" in str(error.value) and named in str(error.value)


def test_properties_and_classes_of_the_english_lexicon_exist_in_the_ontology():
    """The other languages' are checked in test_multilingual.py."""
    ontology = Graph().parse(ONTOLOGY_TTL)
    properties = {str(p).removeprefix(str(CIKG)) for p in ontology.subjects(RDF.type, None) if str(p).startswith(str(CIKG))}
    classes = set(load_class_tree())
    english = load_lexicon()
    used = {s.property for senses in english.verbs.values() for s in senses}
    used |= {vp.property for vp in english.verb_preps} | {p.property for p in english.phrases}
    assert used <= properties, used - properties
    objects = {c for senses in english.verbs.values() for s in senses for c in s.objects or ()}
    kinds = set(english.instrument_classes.values()) | set(english.ner_classes.values()) | objects
    assert kinds <= classes, kinds - classes
    assert set(english.instrument_nouns.values()) <= set(english.instrument_classes)
