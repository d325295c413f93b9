"""``cikg export`` and ``cikg facts`` on the small fixture graph: files other tools read back."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import igraph
import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.analysis.load import load_graph
from kg.cli import main
from kg.review.corrections import load_corrections
from kg.review.export import entity_network, export
from kg.review.facts import write_facts

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copyfile(FIXTURE, tmp_path / "graph.ttl")
    return tmp_path


def test_network_has_the_node_and_edge_attributes_analysts_use():
    kg = load_graph(FIXTURE)
    network = entity_network(kg)
    node = network.nodes["chinese_government"] if "chinese_government" in network else next(iter(network.nodes.values()))
    assert {"label", "class", "label_zh", "label_fr", "label_es", "pagerank", "community", "documents"} <= set(node)
    assert abs(sum(d["pagerank"] for _, d in network.nodes(data=True)) - 1.0) < 1e-6
    typed = [f for f in kg.facts if not f.weak]
    assert network.number_of_edges() == len(typed)
    for _, _, data in network.edges(data=True):
        assert set(data) == {"property", "confidence", "evidence", "documents", "weak"} and not data["weak"]
    assert entity_network(kg, co_mentions=True).number_of_edges() == len(kg.facts)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_in_networkx(folder, fmt):
    written = export(folder, fmt)
    back = nx.read_graphml(written.paths[0]) if fmt == "graphml" else nx.read_gexf(written.paths[0])
    original = entity_network(load_graph(folder))
    assert back.number_of_nodes() == original.number_of_nodes() and back.number_of_edges() == original.number_of_edges()
    key, data = next(iter(original.nodes(data=True)))
    read = back.nodes[key]
    assert read["label"] == data["label"] and read["class"] == data["class"]
    assert float(read["pagerank"]) == pytest.approx(data["pagerank"]) and int(read["community"]) == data["community"]
    assert {d["property"] for _, _, d in back.edges(data=True)} == {d["property"] for _, _, d in original.edges(data=True)}


def test_graphml_reads_back_in_igraph(folder):
    path = export(folder, "graphml").paths[0]
    g = igraph.Graph.Read_GraphML(str(path))
    original = entity_network(load_graph(folder))
    assert g.vcount() == original.number_of_nodes() and g.ecount() == original.number_of_edges()
    assert g.is_directed()
    assert {"label", "class", "pagerank", "community", "documents", "label_zh"} <= set(g.vs.attributes())
    assert {"property", "confidence", "evidence"} <= set(g.es.attributes())
    assert all(0.0 <= c <= 1.0 for c in g.es["confidence"])


def test_gexf_reads_into_igraph_through_networkx(folder):
    path = export(folder, "gexf", co_mentions=True).paths[0]
    g = igraph.Graph.from_networkx(nx.read_gexf(path))
    assert g.ecount() == len(load_graph(folder).facts) and "property" in g.es.attributes()


def test_jsonld_round_trips_to_the_same_triples(folder):
    written = export(folder, "jsonld")
    text = written.paths[0].read_text(encoding="utf-8")
    assert '"@context"' in text and '"cikg": "https://w3id.org/cikg/ontology#"' in text
    assert isomorphic(Graph().parse(data=text, format="json-ld"), Graph().parse(FIXTURE))


def test_nquads_put_every_triple_in_the_named_graph(folder):
    written = export(folder, "nquads")
    lines = written.paths[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(Graph().parse(FIXTURE)) and lines == sorted(lines)
    assert all(line.endswith("<https://w3id.org/cikg/graph> .") for line in lines)


def test_csv_follows_the_neo4j_import_headers(folder):
    nodes, edges = export(folder, "csv").paths
    with nodes.open(encoding="utf-8") as handle:
        node_rows = list(csv.reader(handle))
    with edges.open(encoding="utf-8") as handle:
        edge_rows = list(csv.reader(handle))
    assert node_rows[0][:2] == ["id:ID", ":LABEL"] and "pagerank:float" in node_rows[0] and "community:int" in node_rows[0]
    assert edge_rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "confidence:float" in edge_rows[0]
    ids = {row[0] for row in node_rows[1:]}
    assert all(row[0] in ids and row[1] in ids for row in edge_rows[1:])
    assert all(row[1].split(";")[0] == "Entity" for row in node_rows[1:])
    float_columns = [i for i, name in enumerate(edge_rows[0]) if name.endswith(":float")]
    assert all(0.0 <= float(row[i]) <= 1.0 for row in edge_rows[1:] for i in float_columns)


def test_facts_tables_csv_and_xlsx(folder):
    from openpyxl import load_workbook

    tables = write_facts(folder)
    with tables.paths[0].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0])[-3:] == ["verdict", "new_property", "note"]
    assert all(r["verdict"] == "" for r in rows)
    assert [float(r["confidence"]) for r in rows] == sorted(float(r["confidence"]) for r in rows)
    assert "relatedTo" not in {r["property"] for r in rows}
    assert tables.paths[1].name == "figures.csv" and tables.figures >= 1
    workbook = write_facts(folder, "xlsx").paths[0]
    book = load_workbook(workbook)
    assert book.sheetnames == ["facts", "figures"] and book["facts"].max_row == len(rows) + 1
    header = [cell.value for cell in book["facts"][1]]
    book["facts"].cell(row=2, column=header.index("verdict") + 1, value="wrong")
    book.save(workbook)
    reviewed = load_corrections(workbook)
    assert reviewed.problems == [] and len(reviewed.facts) == 1 and reviewed.facts[0].verdict == "wrong"
    assert reviewed.facts[0].key.sentence == " ".join(rows[0]["sentence"].split())


def test_cli_facts_and_export(folder, capsys):
    assert main(["facts", str(folder)]) == 0
    assert "fact readings" in capsys.readouterr().out
    assert main(["export", str(folder), "--format", "graphml", "--out", str(folder / "g.graphml")]) == 0
    assert (folder / "g.graphml").is_file()
    assert main(["export", str(folder / "missing"), "--format", "gexf"]) == 1
