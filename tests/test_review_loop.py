"""The analyst's loop on the bundled briefs: facts table, corrections, rebuild, and the effect on
graph.ttl, the store, the analysis, the page and the evaluation; a new document keeps them all.

One full build per module (about 35 s); every other build reuses its cached parts.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.analysis.report import run as analyze_run
from kg.graph.build import build, sample_corpus
from kg.namespaces import CIKG, ENT
from kg.review.apply import Corrector
from kg.review.corrections import load_corrections
from kg.review.facts import write_facts
from kg.store.query import run_query
from kg.store.store import open_store
from kg.viz.viz import write as write_page

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "seed-briefs.yaml"
CHINESE_KEY = "u4e3e_56fd_4f53_5236_6218_7565"  # "举国体制战略", read as an entity of its own
CORRECTIONS = f"""\
analyst: test reviewer
facts:
  - {{subject: whole_of_nation_approach, property: targets, object: semiconductors, verdict: wrong}}
  - subject: ent:us_sanction
    property: cikg:promotes
    object: indigenous_innovation
    document: brief-2024
    verdict: wrong
    note: sanctions do not promote what they aim to stop
  - {{subject: chinese_government, property: coordinates, object: whole_of_nation_approach, verdict: right}}
add:
  - subject: central_science_and_technology_commission
    property: coordinates
    object: national_innovation_system
    document: brief-2023
    sentence: >-
      The central Science and Technology Commission established in 2023 coordinates various
      actors in the innovation system.
entities:
  - {{entity: research_and_development, class: Concept, label: research and development}}
merge:
  - {{entity: {CHINESE_KEY}, into: whole_of_nation_approach}}
"""
NEW_BRIEF = """\
Green hydrogen in 2025

The Chinese government supports green hydrogen projects in Inner Mongolia.
The whole-of-nation approach targets semiconductors and artificial intelligence, officials said.
"""


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("loop")
    base = root / "base"
    assert build(None, base).ok
    corrected = root / "corrected"
    shutil.copytree(base, corrected, symlinks=True)  # with its cache: only assembly runs again
    corrections = root / "review.yaml"
    corrections.write_text(CORRECTIONS, encoding="utf-8")
    first = build(None, corrected, corrections=Corrector(load_corrections(corrections)))
    assert first.ok and not [w for w in first.warnings if "review.yaml" in w], first.warnings
    extended = root / "extended"
    shutil.copytree(corrected, extended, symlinks=True)
    (root / "new").mkdir()
    (root / "new" / "brief-2025.txt").write_text(NEW_BRIEF, encoding="utf-8")
    second = build([sample_corpus(), root / "new"], extended, corrections=Corrector(load_corrections(corrections)))
    assert second.ok and second.extracted == ["brief-2025"], (second.extracted, second.warnings)
    return {"base": base, "corrected": corrected, "extended": extended, "root": root}


def graph(folder: Path) -> Graph:
    return Graph().parse(folder / "graph.ttl")


def readings(g: Graph, subject: str, prop: str, obj: str) -> list:
    return [n for n in g.subjects(RDF.subject, ENT[subject])
            if (n, RDF.predicate, CIKG[prop]) in g and (n, RDF.object, ENT[obj]) in g]


REJECTED = [("whole_of_nation_approach", "targets", "semiconductors"), ("us_sanction", "promotes", "indigenous_innovation")]


def test_the_bundled_briefs_have_what_the_corrections_name(loop):
    g = graph(loop["base"])
    for s, p, o in REJECTED:
        assert (ENT[s], CIKG[p], ENT[o]) in g and readings(g, s, p, o)
    assert (ENT.research_and_development, RDF.type, CIKG.Indicator) in g
    assert (ENT[CHINESE_KEY], RDF.type, None) in g


@pytest.mark.parametrize("folder", ["corrected", "extended"])
def test_corrections_are_in_graph_ttl_and_survive_a_new_document(loop, folder):
    g = graph(loop[folder])
    for s, p, o in REJECTED:
        assert (ENT[s], CIKG[p], ENT[o]) not in g
        assert not readings(g, s, p, o), "a rejected fact keeps no evidence record"
    assert set(g.objects(ENT.research_and_development, RDF.type)) == {CIKG.Concept}
    assert (ENT.research_and_development, RDFS.label, Literal("research and development", lang="en")) in g
    assert not list(g.triples((ENT[CHINESE_KEY], None, None))) and not list(g.triples((None, None, ENT[CHINESE_KEY])))
    assert Literal("举国体制战略", lang="zh") in set(g.objects(ENT.whole_of_nation_approach, SKOS.altLabel))
    confirmed = readings(g, "chinese_government", "coordinates", "whole_of_nation_approach")
    assert confirmed and all(float(g.value(n, CIKG.confidence)) == 1.0 for n in confirmed)
    added = readings(g, "central_science_and_technology_commission", "coordinates", "national_innovation_system")
    assert [str(g.value(n, CIKG.rule)) for n in added] == ["analyst"]
    assert isinstance(g.value(added[0], CIKG.startOffset), Literal)


def test_new_document_brings_new_facts_but_not_rejected_ones(loop):
    g = graph(loop["extended"])
    assert list(g.subjects(CIKG.mentionedIn, None))
    assert any(str(d).endswith("brief-2025") for d in g.objects(None, CIKG.mentionedIn))


def test_each_correction_is_recorded_as_provenance(loop):
    g = graph(loop["corrected"])
    activity = next(g.subjects(RDF.type, PROV.Activity))
    corrections = set(g.subjects(PROV.wasGeneratedBy, activity))
    assert len(corrections) == 6
    actions = sorted(str(g.value(c, CIKG.action)) for c in corrections)
    assert actions == ["add", "confirm", "merge", "reject", "reject", "retype+rename"]
    assert str(g.value(activity, RDFS.label)) == "corrections from review.yaml"
    reject = next(c for c in corrections if str(g.value(c, CIKG.row)) == "4")
    assert {ENT.us_sanction, ENT.indigenous_innovation} <= set(g.objects(reject, CIKG.corrects))


def test_corrected_graph_is_deterministic(loop, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(loop["corrected"], again, symlinks=True)
    build(None, again, corrections=Corrector(load_corrections(loop["root"] / "review.yaml")))
    assert (again / "graph.ttl").read_bytes() == (loop["corrected"] / "graph.ttl").read_bytes()


def test_store_answers_with_the_corrections(loop):
    store = open_store(loop["corrected"], read_only=True)
    assert run_query(store, "ASK { ent:whole_of_nation_approach cikg:targets ent:semiconductors }").boolean is False
    assert run_query(store, "ASK { ent:chinese_government cikg:coordinates ent:whole_of_nation_approach }").boolean
    rows = run_query(store, "SELECT ?c WHERE { ent:research_and_development a ?c }").values()
    assert [r["c"] for r in rows] == [str(CIKG.Concept)]


def test_analysis_and_page_read_the_corrected_graph(loop):
    analyze_run(loop["corrected"])
    with (loop["corrected"] / "analysis" / "centrality.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert CHINESE_KEY not in rows and rows["research_and_development"]["cls"] == "Concept"
    _, page = write_page(loop["corrected"])
    html = page.read_text(encoding="utf-8")
    assert CHINESE_KEY not in html and "research and development" in html


def test_facts_table_lists_every_typed_reading_and_round_trips_as_corrections(loop, tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(loop["base"], folder, symlinks=True)
    tables = write_facts(folder)
    with tables.paths[0].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    g = graph(folder)
    typed = {n for n in g.subjects(RDF.type, CIKG.Evidence)
             if g.value(n, RDF.predicate) not in (CIKG.relatedTo, CIKG.mentionedIn)
             and str(g.value(n, RDF.subject)).startswith(str(ENT))}
    assert len(rows) == len(typed)
    assert [float(r["confidence"]) for r in rows] == sorted(float(r["confidence"]) for r in rows)
    doubtful = rows[0]
    doubtful["verdict"] = "wrong"
    with (tmp_path / "reviewed.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = build(None, folder, corrections=Corrector(load_corrections(tmp_path / "reviewed.csv")))
    assert not [w for w in result.warnings if "reviewed.csv" in w]
    after = graph(folder)
    gone = [n for n in after.subjects(CIKG.sentence, None)
            if str(after.value(n, RDF.subject)) == doubtful["subject"] and str(after.value(n, RDF.object)) == doubtful["object"]
            and str(after.value(n, RDF.predicate)).endswith(doubtful["property"])
            and " ".join(str(after.value(n, CIKG.sentence)).split()) == " ".join(doubtful["sentence"].split())]
    assert not gone


def test_bad_rows_are_one_line_each_and_the_rest_applies(loop, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(loop["base"], folder, symlinks=True)
    path = tmp_path / "bad.yaml"
    path.write_text("facts:\n"
                    "  - {subject: nobody, property: promotes, object: china, verdict: wrong}\n"
                    "  - {subject: china, property: promotes, object: byd, verdict: wrong}\n"
                    "  - {subject: us_sanction, property: promotes, object: indigenous_innovation, verdict: wrong}\n"
                    "merge:\n"
                    "  - {entity: china, into: united_states}\n"
                    "  - {entity: united_states, into: china}\n", encoding="utf-8")
    result = build(None, folder, corrections=Corrector(load_corrections(path)))
    lines = [w for w in result.warnings if w.startswith("bad.yaml")]
    assert lines == ["bad.yaml: row 2: unknown entity 'nobody'",
                     "bad.yaml: row 3: matches nothing in the graph: reject: china promotes byd",
                     "bad.yaml: row 6: merge cycle: china -> united_states -> china",
                     "bad.yaml: row 7: merge cycle: united_states -> china -> united_states"]
    g = graph(folder)
    assert (ENT.us_sanction, CIKG.promotes, ENT.indigenous_innovation) not in g
    assert (ENT.china, RDF.type, CIKG.Country) in g and (ENT.united_states, RDF.type, CIKG.Country) in g


@pytest.mark.skipif(not GOLD.is_file(), reason="needs ../shared/gold")
def test_eval_shows_a_rejected_gold_fact_and_an_added_one(loop):
    from kg.evaluate import evaluate

    def typed(folder: str) -> dict[tuple[str, str], bool]:
        report = evaluate(loop[folder], GOLD)
        return {(r["s"], r["o"]): r["found_typed"] for r in report.to_json()["relations"]["results"]}

    before, after = typed("base"), typed("corrected")
    assert before[("whole_of_nation", "semiconductors")] and not after[("whole_of_nation", "semiconductors")]
    assert not before[("stc", "innovation_system")] and after[("stc", "innovation_system")]
