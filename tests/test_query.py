"""kg.store.query and `cikg query`: the query library on the real bundled graph, exact rows on the mini
fixture, the output formats, parameters, syntax errors and time limits."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main
from kg.graph_file import GRAPH_FILE
from kg.namespaces import CIKG, DOC, ENT
from kg.store.binding import BindingError, find_entities, parse_bindings, parse_term, with_values
from kg.store.query import (
    AskResult,
    GraphResult,
    QueryError,
    SelectResult,
    format_result,
    library,
    resolve_query,
    run_query,
)
from kg.store.store import build_store, ontology_path, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"
LIBRARY = {q.name: q for q in library()}
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # billions of rows, streamed


def ent(key: str) -> str:
    return str(ENT[key])


def cikg(name: str) -> str:
    return str(CIKG[name])


def doc(key: str) -> str:
    return str(DOC[key])


@pytest.fixture(scope="module")
def real(bundled_dir: Path) -> ox.Store:
    """The store `cikg build` made from the bundled briefs (built once per session, shared with other tests)."""
    return open_store(bundled_dir, read_only=True)


@pytest.fixture(scope="module")
def mini() -> ox.Store:
    store = ox.Store()
    for source in (FIXTURE, ontology_path()):
        store.bulk_load(path=str(source), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    shutil.copy(FIXTURE, tmp_path / GRAPH_FILE)
    build_store(tmp_path)
    return tmp_path


def select(store: ox.Store, query: str, **bindings: str) -> list[dict[str, str]]:
    result = run_query(store, query, bindings)
    assert isinstance(result, SelectResult)
    return result.values()


# --- the library on the real graph ---------------------------------------------------------------


def test_library_has_at_least_twelve_documented_queries() -> None:
    assert len(LIBRARY) >= 12
    for query in LIBRARY.values():
        assert query.question, f"{query.name}.rq has no leading comment saying what it answers"


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_library_query_answers_on_the_bundled_graph(real: ox.Store, name: str) -> None:
    result = run_query(real, name)
    if isinstance(result, GraphResult):
        assert result.triples
    else:
        assert isinstance(result, SelectResult) and result.rows


def test_coordinates_finds_the_government_coordinating_its_approach(real: ox.Store) -> None:
    rows = select(real, "coordinates")
    assert (ent("chinese_government"), cikg("coordinates")) in {
        (r["actor"], r["relation"]) for r in rows}
    assert all(int(r["sentences"]) >= 1 for r in rows)
    assert {r["relation"] for r in rows} <= {cikg("coordinates"), cikg("oversees"), cikg("leads")}


def test_entities_in_both_briefs_include_china(real: ox.Store) -> None:
    rows = select(real, "entities-in-both")
    assert ent("china") in {r["entity"] for r in rows}
    for row in rows:  # each really is mentioned in both
        both = f"<{DOC['brief-2023']}>, <{DOC['brief-2024']}>"
        assert bool(real.query(f"ASK {{ <{row['entity']}> <{CIKG.mentionedIn}> {both} }}"))


def test_figures_give_chinas_rd_intensity_in_2023(real: ox.Store) -> None:
    rows = select(real, "figures")
    china = [r for r in rows if r["entityLabel"] == "China"]
    assert any(r["value"] == "2.6" and r["unit"] == "percent" and r["year"] == "2023" and r["document"] == doc("brief-2023")
               and "2.6" in r["sentence"] for r in china), china


def test_actors_by_class_walks_the_class_tree(real: ox.Store) -> None:
    rows = {r["actor"]: r for r in select(real, "actors-by-class")}
    assert rows[ent("central_science_and_technology_commission")]["class"] == cikg("Commission")
    assert rows[ent("china")]["class"] == cikg("Country") and rows[ent("china")]["briefs"] == "2"
    assert ent("semiconductors") not in rows  # a sector is no actor


def test_concepts_only_in_one_brief(real: ox.Store) -> None:
    for brief, other in (("brief-2023", "brief-2024"), ("brief-2024", "brief-2023")):
        rows = select(real, "concepts-only-in", brief=f"doc:{brief}", other=f"doc:{other}")
        assert rows
        for row in rows:
            assert bool(real.query(f"ASK {{ <{row['concept']}> <{CIKG.mentionedIn}> <{DOC[brief]}> }}"))
            assert not bool(real.query(f"ASK {{ <{row['concept']}> <{CIKG.mentionedIn}> <{DOC[other]}> }}"))


def test_labels_in_all_four_languages(real: ox.Store) -> None:
    rows = {r["entity"]: r for r in select(real, "labels-all-languages")}
    assert rows[ent("china")]["english"] == "China"
    assert all(r["chinese"] and r["french"] and r["spanish"] for r in rows.values())


def test_entity_evidence_quotes_sentences_about_china(real: ox.Store) -> None:
    rows = select(real, "entity-evidence")
    assert {r["entity"] for r in rows} == {ent("china")}
    assert all(r["sentence"] and r["document"] in (doc("brief-2023"), doc("brief-2024")) for r in rows)
    assert any(r["direction"] == "figure" and r["other"] == "2.6" for r in rows)


def test_path_between_links_the_commission_to_the_united_states(real: ox.Store) -> None:
    rows = select(real, "path-between")
    hops = [int(r["hops"]) for r in rows]
    assert hops == sorted(hops) and 1 <= hops[0] <= 3
    assert {(r["from"], r["to"]) for r in rows} == {(ent("central_science_and_technology_commission"), ent("united_states"))}


def test_timeline_dates_the_commission(real: ox.Store) -> None:
    rows = select(real, "timeline")
    assert any(r["entity"] == ent("central_science_and_technology_commission") and r["when"] == "2023"
               and r["property"] == cikg("establishedIn") and "2023" in r["sentence"] for r in rows)
    assert [r["when"] for r in rows] == sorted(r["when"] for r in rows)


def test_documents_lists_both_briefs(real: ox.Store) -> None:
    rows = {r["document"]: r for r in select(real, "documents")}
    assert set(rows) == {doc("brief-2023"), doc("brief-2024")}
    assert rows[doc("brief-2023")]["number"] == "1752"
    assert all(int(r["entities"]) > 0 for r in rows.values())


def test_classes_count_every_entity_once(real: ox.Store) -> None:
    counted = sum(int(r["entities"]) for r in select(real, "classes"))
    entities = select(real, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e cikg:mentionedIn ?d }")[0]["n"]
    assert counted == int(entities)


def test_facts_by_rule_accounts_for_every_evidence_record(real: ox.Store) -> None:
    records = sum(int(r["records"]) for r in select(real, "facts-by-rule"))
    evidence = select(real, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a cikg:Evidence }")[0]["n"]
    assert records == int(evidence)


def test_most_connected_is_sorted(real: ox.Store) -> None:
    totals = [int(r["facts"]) + int(r["coMentions"]) for r in select(real, "most-connected")]
    assert totals == sorted(totals, reverse=True) and totals[0] > 0


def test_describe_entity_is_turtle_about_china(real: ox.Store) -> None:
    text = format_result(run_query(real, "describe-entity"), "turtle")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert graph.value(rdflib.URIRef(ent("china")), rdflib.RDFS.label) == rdflib.Literal("China", lang="en")
    assert (None, rdflib.RDF.subject, rdflib.URIRef(ent("china"))) in graph  # evidence records come along


# --- exact rows on the mini fixture ---------------------------------------------------------------


def test_fixture_figures_row(mini: ox.Store) -> None:
    assert select(mini, "figures") == [{
        "entityLabel": "China", "indicatorLabel": "R&D intensity", "value": "2.6", "unit": "percent", "year": "2023",
        "qualifier": "surpassed", "document": doc("brief-2023"),
        "sentence": "China's R&D intensity surpassed 2.6 percent in 2023."}]


def test_fixture_concepts_only_in_each_brief(mini: ox.Store) -> None:
    assert [r["concept"] for r in select(mini, "concepts-only-in")] == [ent("innovation_system")]
    swapped = select(mini, "concepts-only-in", brief="doc:brief-2024", other="doc:brief-2023")
    assert [r["concept"] for r in swapped] == [ent("basic_research"), ent("new_quality_productive_forces")]


def test_fixture_entities_in_both(mini: ox.Store) -> None:
    assert {r["entity"] for r in select(mini, "entities-in-both")} == {
        ent("china"), ent("eai"), ent("ministry_of_science_and_technology"), ent("semiconductors")}


def test_fixture_path_between(mini: ox.Store) -> None:
    assert select(mini, "path-between") == [{
        "hops": "3", "from": ent("central_science_and_technology_commission"), "link1": "oversees ->",
        "via1": ent("ministry_of_science_and_technology"), "link2": "supports ->", "via2": ent("huawei"),
        "link3": "<- sanctions", "to": ent("united_states")}]
    direct = select(mini, "path-between", to="ent:ministry_of_science_and_technology")
    assert [(r["hops"], r["link1"]) for r in direct] == [("1", "oversees ->")]


def test_fixture_coordinates_and_funding(mini: ox.Store) -> None:
    assert [(r["actor"], r["relation"], r["target"]) for r in select(mini, "coordinates")] == [
        (ent("central_science_and_technology_commission"), cikg("coordinates"), ent("innovation_system")),
        (ent("central_science_and_technology_commission"), cikg("oversees"), ent("ministry_of_science_and_technology"))]
    assert [(r["relation"], r["recipient"]) for r in select(mini, "funding")] == [
        (cikg("funds"), ent("basic_research")), (cikg("supports"), ent("huawei"))]


def test_fixture_policy_sectors(mini: ox.Store) -> None:
    assert [(r["policy"], r["relation"], r["sector"]) for r in select(mini, "policy-sectors")] == [
        (ent("made_in_china_2025"), cikg("targets"), ent("semiconductors"))]


# --- running: prefixes, parameters, errors, time limits -------------------------------------------


def test_prefixes_are_predeclared(mini: ox.Store) -> None:
    assert {r["c"] for r in select(mini, "SELECT ?c WHERE { ?c a cikg:Country }")} == {ent("china"), ent("united_states")}


def test_syntax_error_names_line_and_column(mini: ox.Store) -> None:
    # the predeclared prefixes are not pasted into the text, so positions are the user's own
    with pytest.raises(QueryError, match=r"^syntax error at line 2, column 17: expected "):
        run_query(mini, "SELECT ?x\nWHERE { ?x a <x> . @@@ }")


def test_unknown_prefix_is_a_short_syntax_error(mini: ox.Store) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(mini, "SELECT ?x WHERE { ?x a nope:Thing }")
    assert str(caught.value) == ("syntax error at line 1, column 34: unknown prefix "
                                 "(predeclared: cikg, ent, doc, ev, obs, skos, dcterms, prov, rdf, rdfs, owl, xsd)")


def test_a_query_in_this_process_offers_no_time_limit_it_cannot_keep(mini: ox.Store) -> None:
    """Nothing stops Oxigraph mid-query in this process: the limits are query_folder's (test_hardening_query)."""
    with pytest.raises(TypeError, match="timeout"):
        run_query(mini, SLOW, timeout=0.2)  # type: ignore[call-arg]


def test_unknown_parameter_is_refused(mini: ox.Store) -> None:
    with pytest.raises(QueryError, match="has no parameter 'entty'"):
        run_query(mini, "entity-evidence", {"entty": "ent:china"})


def test_parse_bindings_and_terms() -> None:
    assert parse_bindings(["entity=ent:china", "?year=2023"]) == {"entity": "ent:china", "year": "2023"}
    with pytest.raises(BindingError, match="NAME=VALUE"):
        parse_bindings(["entity"])
    assert parse_term("ent:china") == ox.NamedNode(str(ent("china")))
    assert parse_term("<http://example.org/x>") == ox.NamedNode("http://example.org/x")
    assert parse_term("2023") == ox.Literal("2023")
    assert parse_term("unknown:thing") == ox.Literal("unknown:thing")


def test_resolve_query_file_name_and_inline(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# Countries.\nSELECT ?c WHERE { ?c a cikg:Country }\n", encoding="utf-8")
    assert resolve_query(str(path)).question == "Countries."
    assert resolve_query("figures").name == "figures"
    assert resolve_query("ASK { ?s ?p ?o }").name == "inline"
    with pytest.raises(QueryError, match="no query named 'figurs'"):
        resolve_query("figurs")
    with pytest.raises(QueryError, match="cannot read query file"):
        resolve_query(str(tmp_path / "missing.rq"))


# --- output formats -------------------------------------------------------------------------------


def test_json_output_is_sparql_results_json(mini: ox.Store) -> None:
    result = run_query(mini, "figures")
    text = format_result(result, "json")
    parsed = list(ox.parse_query_results(text, format=ox.QueryResultsFormat.JSON))
    assert isinstance(result, SelectResult) and [tuple(s) for s in parsed] == list(result.rows)
    value = json.loads(text)["results"]["bindings"][0]["value"]
    assert value == {"type": "literal", "value": "2.6", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}


def test_tsv_output_round_trips(mini: ox.Store) -> None:
    result = run_query(mini, "labels-all-languages")
    parsed = list(ox.parse_query_results(format_result(result, "tsv"), format=ox.QueryResultsFormat.TSV))
    assert isinstance(result, SelectResult) and [tuple(s) for s in parsed] == list(result.rows)


def test_csv_output(mini: ox.Store) -> None:
    rows = list(csv.reader(io.StringIO(format_result(run_query(mini, "figures"), "csv"))))
    assert rows[0][:5] == ["entityLabel", "indicatorLabel", "value", "unit", "year"]
    assert rows[1][:5] == ["China", "R&D intensity", "2.6", "percent", "2023"]


def test_table_output_compacts_iris_and_counts_rows(mini: ox.Store) -> None:
    text = format_result(run_query(mini, "entities-in-both"), "table")
    assert "ent:china" in text and str(ent("china")) not in text
    assert text.rstrip().endswith("(4 rows)")


def test_ask_and_format_mismatches(mini: ox.Store) -> None:
    ask = run_query(mini, "ASK { ent:china a cikg:Country }")
    assert ask == AskResult(True)
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    with pytest.raises(QueryError, match="only CONSTRUCT and DESCRIBE"):
        format_result(ask, "turtle")
    with pytest.raises(QueryError, match="written as Turtle"):
        format_result(run_query(mini, "describe-entity"), "csv")


# --- the command line -----------------------------------------------------------------------------


@pytest.mark.integration
def test_cli_query_by_name_inline_and_file(mini_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(mini_dir), "figures", "--format", "csv"]) == 0
    assert "China,R&D intensity,2.6,percent,2023" in capsys.readouterr().out
    assert main(["query", str(mini_dir), "SELECT ?c WHERE { ?c a cikg:Country }"]) == 0
    assert "ent:united_states" in capsys.readouterr().out
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?l WHERE { ?e rdfs:label ?l } ORDER BY ?l LIMIT 1", encoding="utf-8")
    assert main(["query", str(mini_dir), str(path), "--format", "tsv"]) == 0
    assert capsys.readouterr().out == '?l\n"Central Science and Technology Commission"@en\n'


@pytest.mark.integration
def test_cli_bind_and_turtle(mini_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(mini_dir), "describe-entity", "--bind", "entity=ent:huawei"]) == 0
    graph = rdflib.Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert graph.value(rdflib.URIRef(ent("huawei")), rdflib.RDFS.label) == rdflib.Literal("Huawei", lang="en")


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in LIBRARY)


@pytest.mark.integration
@pytest.mark.parametrize(("argv", "message"), [
    (["SELECT ?x WHERE {\n ?x ?p \n}"], "error: syntax error at line 3, column 2: expected"),
    (["figurs"], "error: no query named 'figurs'"),
    (["figures", "--format", "turtle"], "error: only CONSTRUCT and DESCRIBE"),
])
def test_cli_errors_are_one_line(mini_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["query", str(mini_dir), *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.integration
def test_cli_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(tmp_path), "figures"]) == 1
    assert capsys.readouterr().err.startswith(f"error: no store at {tmp_path / 'store'}")


@pytest.mark.slow
def test_cli_timeout_exits_promptly_with_a_message(mini_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(mini_dir), SLOW, "--timeout", "0.3"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "error: query still running after 0.3 s; abandoned (raise the limit with --timeout)\n"


# --- parameters: names in any language, bound where the planner uses them -------------------------


@pytest.mark.parametrize("name", ["BYD", "byd", "比亚迪", "BYD Company"])
def test_an_entity_parameter_takes_a_name_in_any_language(real: ox.Store, name: str) -> None:
    rows = select(real, "entity-evidence", entity=name)
    assert rows and {r["entity"] for r in rows} == {ent("byd")}


def test_entity_labels_any_language_finds_pekin_case_folded(real: ox.Store) -> None:
    rows = select(real, "entity-labels-any-language", entity="pekín")
    assert [r["entity"] for r in rows] == [ent("chinese_government")]
    assert "Pekín" in rows[0]["spanish"] and "Pékin" in rows[0]["french"]


def test_an_unknown_name_suggests_the_closest(real: ox.Store) -> None:
    with pytest.raises(QueryError, match=r"^no entity named 'BYD Compny'; did you mean: BYD Company") as error:
        run_query(real, "entity-evidence", {"entity": "BYD Compny"})
    assert "\n" not in str(error.value)
    with pytest.raises(QueryError, match="did you mean: Central Science and Technology Commission"):
        run_query(real, "entity-evidence", {"entity": "Comission"})


def test_a_name_lookup_finds_the_entity_in_any_language(real: ox.Store) -> None:
    """Speed is measured by bench/bench_sparql.py, not asserted here."""
    for name in ("BYD", "比亚迪", "pékin", "Chinese Government"):
        assert find_entities(real, name), name


def test_parameters_are_values_at_the_top_of_the_pattern() -> None:
    bound = with_values("# x WHERE {\nSELECT ?e WHERE {\n  ?e ?p ?o . FILTER(?p != rdf:type)\n}",
                        {"e": [ox.NamedNode(ent("china"))]})
    assert bound.splitlines()[1] == f"SELECT ?e WHERE {{ VALUES ?e {{ <{ent('china')}> }} "
    assert bound.splitlines()[0] == "# x WHERE {"  # a comment is never bound into
    assert with_values("DESCRIBE ?e", {"e": [ox.NamedNode(ent("china"))]}).endswith(f"VALUES (?e) {{ (<{ent('china')}>) }}")


def test_an_inline_query_binds_a_variable_it_does_not_select(mini: ox.Store) -> None:
    rows = select(mini, "SELECT ?label WHERE { ?e rdfs:label ?label }", e="ent:huawei")
    assert rows == [{"label": "Huawei"}]


def test_a_malformed_iri_is_refused(mini: ox.Store) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(mini, "entity-evidence", {"entity": "<http://x y>"})


@pytest.mark.integration
def test_cli_query_takes_the_folder_first_and_a_name(mini_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(mini_dir), "describe-entity", "--bind", "entity=huawei"]) == 0
    assert "Huawei" in capsys.readouterr().out
    assert main(["query", str(mini_dir), "describe-entity", "--bind", "entity=Huawey"]) == 1
    assert capsys.readouterr().err == "error: no entity named 'Huawey'; did you mean: Huawei?\n"
    with pytest.raises(SystemExit):
        main(["query", "figures", "--dir", str(mini_dir)])
