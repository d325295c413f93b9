"""The domain data as data: ontology/cikg.ttl (OWL, Turtle) and ontology/gazetteer.yaml.

These tests read only the two files; they do not load spaCy or run the extractor.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from extract.yamlfile import read_yaml
from kg.namespaces import CIKG
from ontology import GAZETTEER_YAML, ONTOLOGY_TTL

LANGS = ("en", "zh", "fr", "es")
# XSD datatypes as plain IRIs (rdflib's closed XSD namespace upsets pytest's collection).
XSD_GYEAR, XSD_STRING, XSD_DECIMAL, XSD_INTEGER = (
    URIRef("http://www.w3.org/2001/XMLSchema#" + name) for name in ("gYear", "string", "decimal", "integer"))
CJK = re.compile(r"[\u4e00-\u9fff]")

TOP_CLASSES = ["Actor", "GovernmentBody", "Enterprise", "ResearchOrganization", "InternationalOrganization",
               "Country", "Person", "ActorGroup", "Event", "Policy", "Concept", "Sector", "Indicator", "Document"]
ACTOR_SUBCLASSES = ["GovernmentBody", "Enterprise", "ResearchOrganization", "InternationalOrganization", "Country",
                    "Person", "ActorGroup"]
ENTITY_ROOTS = {"Actor", "Event", "Policy", "Concept", "Sector", "Indicator", "Document"}
SUBCLASSES = {
    "Ministry": "GovernmentBody", "Commission": "GovernmentBody", "PartyOrgan": "GovernmentBody",
    "LegislativeBody": "GovernmentBody", "RegulatoryAgency": "GovernmentBody", "LocalGovernment": "GovernmentBody",
    "StateOwnedEnterprise": "Enterprise",
    "University": "ResearchOrganization", "ResearchInstitute": "ResearchOrganization",
    "Academy": "ResearchOrganization", "ThinkTank": "ResearchOrganization",
    "Plenum": "Event", "Congress": "Event", "Conference": "Event",
    "Strategy": "Policy", "Plan": "Policy", "Program": "Policy", "Law": "Policy", "Fund": "Policy",
    "Reform": "Policy", "Sanction": "Policy", "Approach": "Policy",
    "Technology": "Concept", "PolicyDocument": "Document",
}
OBJECT_PROPERTIES = [
    "issues", "adopts", "establishes", "coordinates", "oversees", "funds", "investsIn", "supports", "promotes",
    "drives", "underpins", "targets", "includes", "emphasizes", "dependsOn", "hinders", "constrains", "leads",
    "partOf", "subsidiaryOf", "memberOf", "headOf", "authoredBy", "publishedBy", "issuedBy", "sanctions",
    "collaboratesWith", "hasIndicator", "relatedTo", "mentionedIn", "observedEntity", "indicator", "evidence",
]
# Object properties that do not link two entities, so need not specialise cikg:relatedTo.
NOT_ENTITY_LINKS = {"relatedTo", "mentionedIn", "observedEntity", "indicator", "evidence"}
SUBPROPERTIES = {
    "oversees": CIKG.coordinates, "investsIn": CIKG.funds, "constrains": CIKG.hinders,
    "subsidiaryOf": CIKG.partOf, "authoredBy": DCTERMS.creator, "publishedBy": DCTERMS.publisher,
}
DATATYPE_PROPERTIES = {
    "establishedIn": XSD_GYEAR, "date": None, "status": XSD_STRING, "series": None, "seriesNumber": None,
    "sourceFile": None, "contentHash": None, "value": XSD_DECIMAL, "unit": None, "year": XSD_GYEAR,
    "qualifier": None, "sentence": None, "startOffset": XSD_INTEGER, "endOffset": XSD_INTEGER, "rule": None,
    "confidence": XSD_DECIMAL,
}
ENTRY_KEYS = {"id", "class", "labels", "abbr", "context_only", "note"}


# -- loading --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_TTL)


@lru_cache(maxsize=1)
def gazetteer() -> list[dict]:
    data = read_yaml(GAZETTEER_YAML)  # the project's loader: libyaml's C parser, ~10x the pure-Python one
    assert isinstance(data, dict) and isinstance(data.get("entities"), list), "gazetteer needs an `entities:` list"
    return data["entities"]


def entries() -> list[dict]:
    return [e for e in gazetteer() if isinstance(e, dict)]


def defined_classes() -> set[str]:
    g = ontology()
    return {str(c).removeprefix(str(CIKG)) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(CIKG))}


def superclasses(local: str) -> set[str]:
    g = ontology()
    return {str(c).removeprefix(str(CIKG)) for c in g.transitive_objects(CIKG[local], RDFS.subClassOf)}


def langs_of(subject: URIRef, predicate: URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for obj in ontology().objects(subject, predicate):
        if isinstance(obj, Literal) and obj.language:
            found[obj.language].append(str(obj))
    return found


def name_fold(label: str) -> str:
    """How the extractor compares English names: case, quotes, hyphens, a leading article, the
    number of the last word and -ise/-ize spellings do not count."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[\"'`]", "", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip())
    text = re.sub(r"is(ation|e|ed|es|ing)\b", r"iz\1", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if words:
        last = words[-1]
        if last.endswith("ies") and len(last) > 4:
            last = last[:-3] + "y"
        elif last.endswith(("sses", "shes", "ches", "xes")):
            last = last[:-2]
        elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
            last = last[:-1]
        words[-1] = last
    return " ".join(words)


# -- the ontology ---------------------------------------------------------------------------------

def test_ontology_parses_and_declares_itself():
    g = ontology()
    assert len(g) > 100
    onts = list(g.subjects(RDF.type, OWL.Ontology))
    assert len(onts) == 1
    assert list(g.objects(onts[0], DCTERMS.title)), "ontology header needs dcterms:title"
    assert list(g.objects(onts[0], OWL.versionInfo)), "ontology header needs owl:versionInfo"


@pytest.mark.parametrize("local", TOP_CLASSES + sorted(SUBCLASSES) + ["Observation", "Evidence"])
def test_class_is_defined_with_multilingual_labels(local):
    g = ontology()
    cls = CIKG[local]
    assert (cls, RDF.type, OWL.Class) in g, f"cikg:{local} is not an owl:Class"
    for predicate in (RDFS.label, SKOS.prefLabel):
        langs = langs_of(cls, predicate)
        missing = [lang for lang in LANGS if lang not in langs]
        assert not missing, f"cikg:{local} has no {predicate.n3(g.namespace_manager)} in {missing}"
        assert CJK.search(langs["zh"][0]), f"cikg:{local}: the zh label is not Chinese"
    assert "en" in langs_of(cls, RDFS.comment), f"cikg:{local} needs an English rdfs:comment"


@pytest.mark.parametrize("local", ACTOR_SUBCLASSES)
def test_actor_classes_are_subclasses_of_actor(local):
    assert (CIKG[local], RDFS.subClassOf, CIKG.Actor) in ontology()


@pytest.mark.parametrize("local,parent", sorted(SUBCLASSES.items()))
def test_subclass_sits_under_its_top_class(local, parent):
    assert (CIKG[local], RDFS.subClassOf, CIKG[parent]) in ontology()


def test_evidence_is_a_prov_entity_and_non_entities_stay_outside_the_tree():
    g = ontology()
    assert (CIKG.Evidence, RDFS.subClassOf, PROV.Entity) in g
    assert not superclasses("Observation") & ENTITY_ROOTS
    assert not superclasses("Evidence") & ENTITY_ROOTS


def test_every_class_reaches_a_root_without_cycles():
    g = ontology()
    for local in defined_classes():
        chain = [o for o in g.transitive_objects(CIKG[local], RDFS.subClassOf)]
        assert len(chain) == len(set(chain)), f"cikg:{local} has a subclass cycle"


@pytest.mark.parametrize("local", OBJECT_PROPERTIES)
def test_object_property_is_defined_with_multilingual_labels(local):
    g = ontology()
    prop = CIKG[local]
    assert (prop, RDF.type, OWL.ObjectProperty) in g, f"cikg:{local} is not an owl:ObjectProperty"
    labels = langs_of(prop, RDFS.label)
    missing = [lang for lang in LANGS if lang not in labels]
    assert not missing, f"cikg:{local} has no rdfs:label in {missing}"
    assert CJK.search(labels["zh"][0]), f"cikg:{local}: the zh label is not Chinese"
    assert "en" in langs_of(prop, RDFS.comment), f"cikg:{local} needs an English rdfs:comment"


@pytest.mark.parametrize("local", sorted(set(OBJECT_PROPERTIES) - NOT_ENTITY_LINKS))
def test_entity_links_specialise_related_to(local):
    assert (CIKG[local], RDFS.subPropertyOf, CIKG.relatedTo) in ontology()


@pytest.mark.parametrize("local,parent", sorted(SUBPROPERTIES.items()))
def test_subproperty_hierarchy(local, parent):
    assert (CIKG[local], RDFS.subPropertyOf, parent) in ontology()


def test_symmetric_and_typed_properties():
    g = ontology()
    for local in ("collaboratesWith", "relatedTo"):
        assert (CIKG[local], RDF.type, OWL.SymmetricProperty) in g
    assert (CIKG.mentionedIn, RDFS.range, CIKG.Document) in g
    assert (CIKG.evidence, RDFS.domain, CIKG.Observation) in g
    assert (CIKG.evidence, RDFS.range, CIKG.Evidence) in g
    assert (CIKG.indicator, RDFS.range, CIKG.Indicator) in g


def test_no_cikg_term_is_both_object_and_datatype_property():
    g = ontology()
    objects = set(g.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert not {p for p in objects & datatypes if str(p).startswith(str(CIKG))}


@pytest.mark.parametrize("local,datatype", sorted(DATATYPE_PROPERTIES.items(), key=lambda kv: kv[0]))
def test_datatype_property(local, datatype):
    g = ontology()
    prop = CIKG[local]
    assert (prop, RDF.type, OWL.DatatypeProperty) in g, f"cikg:{local} is not an owl:DatatypeProperty"
    assert "en" in langs_of(prop, RDFS.label)
    if datatype is not None:
        assert (prop, RDFS.range, datatype) in g, f"cikg:{local} should have range {datatype}"


def test_every_cikg_term_used_is_declared():
    """A typo in a subClassOf/subPropertyOf/domain/range would silently mint a new term."""
    g = ontology()
    declared = set(g.subjects(RDF.type, None))
    used = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range) for o in g.objects(None, p)}
    undeclared = {t for t in used if str(t).startswith(str(CIKG)) and t not in declared}
    assert not undeclared


# -- the gazetteer --------------------------------------------------------------------------------

def test_gazetteer_loads_and_has_broad_coverage():
    items = gazetteer()
    assert all(isinstance(e, dict) for e in items), "every gazetteer item must be a mapping"
    assert len(items) >= 200
    classes = {e.get("class") for e in items}
    for needed in ("Country", "Enterprise", "Sector", "Indicator", "ActorGroup", "Concept", "Policy"):
        assert any(c == needed or needed in superclasses(str(c)) for c in classes), needed


def test_entries_have_only_known_keys():
    bad = {e.get("id"): sorted(set(e) - ENTRY_KEYS) for e in entries() if set(e) - ENTRY_KEYS}
    assert not bad, f"unknown keys: {bad}"


def test_ids_are_unique_snake_case():
    ids = [e.get("id") for e in entries()]
    bad = [i for i in ids if not isinstance(i, str) or not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", i)]
    assert not bad, f"ids must be snake_case: {bad}"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_classes_are_entity_classes_of_the_ontology():
    known = defined_classes()
    bad = {}
    for e in entries():
        cls = e.get("class")
        if cls not in known:
            bad[e.get("id")] = f"{cls!r} is not a class in cikg.ttl"
        elif not ({cls} | superclasses(cls)) & ENTITY_ROOTS:
            bad[e.get("id")] = f"{cls!r} is not under an entity top class"
    assert not bad, bad


def test_labels_are_lists_of_strings_with_en_and_zh():
    bad = {}
    for e in entries():
        labels = e.get("labels")
        if not isinstance(labels, dict):
            bad[e.get("id")] = "labels must be a mapping"
            continue
        if set(labels) - set(LANGS):
            bad[e.get("id")] = f"unknown languages {sorted(set(labels) - set(LANGS))}"
        for lang, values in labels.items():
            if not isinstance(values, list) or not values or \
                    not all(isinstance(v, str) and v.strip() == v and v for v in values):
                bad[e.get("id")] = f"labels.{lang} must be a non-empty list of trimmed strings"
            elif len(values) != len(set(values)):
                bad[e.get("id")] = f"labels.{lang} repeats a label"
        for lang in ("en", "zh"):
            if not labels.get(lang):
                bad[e.get("id")] = f"needs at least one {lang} label"
        if labels.get("zh") and not any(CJK.search(v) for v in labels["zh"]):
            bad[e.get("id")] = "no zh label contains Chinese characters"
    assert not bad, bad


def test_optional_lists_are_lists_of_strings():
    bad = {}
    for e in entries():
        for key in ("abbr", "context_only"):
            if key in e and not (isinstance(e[key], list) and e[key]
                                 and all(isinstance(v, str) and v.strip() for v in e[key])):
                bad[e.get("id")] = f"{key} must be a non-empty list of strings"
        if "note" in e and not isinstance(e["note"], str):
            bad[e.get("id")] = "note must be a string"
    assert not bad, bad


def test_abbreviations_are_single_tokens_and_not_english_labels():
    """Abbreviations are matched case-sensitively as whole tokens; a lower-case word there would
    also fire on ordinary text, and a label belongs in labels.en."""
    bad = {}
    for e in entries():
        for abbr in e.get("abbr") or []:
            if " " in abbr or not re.search(r"[A-Z0-9]", abbr):
                bad.setdefault(e.get("id"), []).append(abbr)
    assert not bad, f"abbreviations must be one token with a capital or digit: {bad}"


def test_context_only_words_are_not_also_labels():
    bad = {}
    for e in entries():
        en = {label.lower() for label in (e.get("labels") or {}).get("en") or []}
        overlap = [w for w in e.get("context_only") or [] if w.lower() in en]
        if overlap:
            bad[e.get("id")] = overlap
    assert not bad, f"a context_only word must not also be an unconditional label: {bad}"


def _owners(values_of) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries():
        for value in values_of(e):
            owners[value].add(e.get("id"))
    return {value: ids for value, ids in owners.items() if len(ids) > 1}


def _english(e: dict) -> list[str]:
    return list((e.get("labels") or {}).get("en") or []) + list(e.get("context_only") or [])


def test_no_english_label_belongs_to_two_entries():
    clashes = _owners(lambda e: {label.lower() for label in _english(e)})
    assert not clashes, f"English labels on several entries: {clashes}"


def test_no_english_label_clashes_after_folding():
    """The extractor matches both numbers, -ise/-ize, and ignores hyphens, quotes and case."""
    clashes = _owners(lambda e: {name_fold(label) for label in _english(e)})
    assert not clashes, f"English labels that fold to the same name on several entries: {clashes}"


def test_no_abbreviation_belongs_to_two_entries():
    clashes = _owners(lambda e: set(e.get("abbr") or []))
    assert not clashes, f"abbreviations on several entries: {clashes}"


def test_no_abbreviation_is_another_entrys_english_label():
    labels = {label.lower(): e.get("id") for e in entries() for label in _english(e)}
    clashes = {a: (e.get("id"), labels[a.lower()]) for e in entries() for a in e.get("abbr") or []
               if a.lower() in labels and labels[a.lower()] != e.get("id")}
    assert not clashes, f"abbreviation of one entry is an English label of another: {clashes}"


@pytest.mark.parametrize("lang", ["zh", "fr", "es"])
def test_no_label_belongs_to_two_entries_in_other_languages(lang):
    clashes = _owners(lambda e: {v.lower() for v in ((e.get("labels") or {}).get(lang) or [])})
    assert not clashes, f"{lang} labels on several entries: {clashes}"


@pytest.mark.parametrize("key,cls,en,zh", [
    ("chinese_government", "GovernmentBody", "Beijing", "中央政府"),
    ("ministry_of_science_and_technology", "Ministry", "Ministry of Science and Technology", "科学技术部"),
    ("china", "Country", "China", "中国"),
    ("united_states", "Country", "United States", "美国"),
    ("semiconductors", "Sector", "semiconductors", "半导体"),
    ("rd_intensity", "Indicator", "R&D intensity", "研发投入强度"),
])
def test_anchor_entries(key, cls, en, zh):
    """A few entries other parts of the project and the docs refer to by id."""
    by_id = {e["id"]: e for e in entries()}
    assert key in by_id
    assert by_id[key]["class"] == cls
    assert en in by_id[key]["labels"]["en"] and zh in by_id[key]["labels"]["zh"]


def test_space_is_context_only_for_aerospace():
    by_id = {e["id"]: e for e in entries()}
    assert "space" in by_id["aerospace"].get("context_only", [])
    assert all("space" not in [label.lower() for label in e["labels"]["en"]] for e in entries())
