"""Engines, pages and the streaming pieces: the same corpus gives the same bytes however it is built."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from extract.ingest import read_document
from extract.model import Section
from kg.graph.build import build, sample_corpus
from kg.graph.cache import CACHE_DIR
from kg.namespaces import CIKG
from extract.ingest.paging import PageLimits, _blocks, file_digest, read_pages, split_section
from kg.graph.serialize import TurtleWriter, nt_line
from kg.graph.sorting import ExternalSorter, merge_files

from build_samples import make_corpus


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = make_corpus(tmp_path / "corpus", extra=3)
    (folder / "empty.txt").write_text("  \n")
    return folder


@pytest.fixture()
def one_process(corpus: Path, tmp_path: Path):
    return build([corpus], tmp_path / "one", cache=False)


def same_outcome(result, reference) -> None:
    assert result.graph_path.read_bytes() == reference.graph_path.read_bytes()
    assert result.documents == reference.documents
    assert [(e.path, e.reason) for e in result.errors] == [(e.path, e.reason) for e in reference.errors]


@pytest.mark.slow
def test_a_pool_of_two_workers_gives_the_same_graph(corpus: Path, tmp_path: Path, one_process) -> None:
    pooled = build([corpus], tmp_path / "two", cache=False, workers=2)
    same_outcome(pooled, one_process)
    assert [e.reason for e in pooled.errors] == ["empty file"]


@pytest.mark.slow
def test_dask_on_a_local_cluster_gives_the_same_graph_and_a_shared_cache(corpus: Path, tmp_path: Path,
                                                                         one_process) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        distributed = build([corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    same_outcome(distributed, one_process)
    assert sorted(distributed.extracted) == distributed.documents
    local = build([corpus], tmp_path / "dask")  # parts the Dask workers made serve a local rebuild
    assert local.extracted == []
    same_outcome(local, one_process)


def evidence_offsets(graph_path: Path) -> list[tuple[str, int, int, str]]:
    graph = Graph().parse(graph_path, format="turtle")
    return [(str(graph.value(ev, PROV.wasDerivedFrom)).rsplit("/", 1)[-1], int(graph.value(ev, CIKG.startOffset)),
             int(graph.value(ev, CIKG.endOffset)), str(graph.value(ev, CIKG.sentence)))
            for ev in graph.subjects(CIKG.rule, None)]


@pytest.mark.slow
def test_long_documents_are_extracted_in_pages_with_document_offsets(tmp_path: Path) -> None:
    brief = sample_corpus() / "brief-2024.txt"
    limits = PageLimits(page_chars=1500)
    pages = list(read_pages(brief, file_digest(brief), limits))
    assert len(pages) > 2 and all(sum(s.end - s.start for s in p.document.sections) <= 1500 for p in pages)
    result = build([brief], tmp_path / "out", limits=limits)
    text = read_document(brief).text
    checked = evidence_offsets(result.graph_path)
    assert len(checked) > 20
    assert all(text[start:end] == sentence for _, start, end, sentence in checked)
    meta = json.loads(next((tmp_path / "out" / CACHE_DIR).glob("v-*/*/*/meta.json")).read_text())
    assert meta["pages"] == len(pages)


@pytest.mark.slow
def test_the_pages_of_one_file_shared_by_two_workers_give_the_same_graph(tmp_path: Path) -> None:
    brief = sample_corpus() / "brief-2024.txt"
    limits = PageLimits(page_chars=1500)
    one = build([brief], tmp_path / "one", cache=False, limits=limits)
    two = build([brief], tmp_path / "two", limits=limits, workers=2)
    same_outcome(two, one)
    meta = json.loads(next((tmp_path / "two" / CACHE_DIR).glob("v-*/*/*/meta.json")).read_text())
    assert meta["pages"] == len(list(read_pages(brief, file_digest(brief), limits))) > 2


@pytest.mark.slow
def test_large_text_files_are_read_page_by_page_with_document_offsets(tmp_path: Path) -> None:
    brief = tmp_path / "big.txt"
    brief.write_text((sample_corpus() / "brief-2023.txt").read_text() * 3, encoding="utf-8")
    limits = PageLimits(page_chars=1200, stream_bytes=2000)
    pages = list(read_pages(brief, file_digest(brief), limits))
    texts = {page.base: page.document.text for page in pages}
    whole = "\n\n".join(texts[base] for base in sorted(texts))
    assert len(texts) > 3 and all(len(t) <= 1200 for t in texts.values())
    assert all(p.document.metadata.title == pages[0].document.metadata.title is not None for p in pages)
    result = build([brief], tmp_path / "out", limits=limits)
    checked = evidence_offsets(result.graph_path)
    assert len(checked) > 20
    assert all(whole[start:end] == sentence for _, start, end, sentence in checked)
    assert "China's Technological Advancements" in result.graph_path.read_text()


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=1, max_value=60))
def test_split_section_covers_the_section_in_pieces_within_the_limit(text: str, limit: int) -> None:
    pieces = split_section(text, Section("en", 0, len(text)), limit)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))
    assert all(p.end - p.start <= limit for p in pieces)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a é中\n ", max_size=300), st.integers(min_value=4, max_value=50))
def test_blocks_rejoin_to_the_file_and_never_split_a_character(text: str, size: int) -> None:
    import io

    data = text.encode("utf-8")
    blocks = list(_blocks(io.BytesIO(data), size))
    assert b"".join(blocks) == data
    assert "".join(block.decode("utf-8") for block in blocks) == text


def test_external_sort_spills_and_merges_like_sorted(tmp_path: Path) -> None:
    lines = [f"line {i * 7919 % 1000}\n" for i in range(3000)]
    sorter = ExternalSorter(tmp_path, dedupe=True, run_lines=100)
    sorter.extend(lines)
    assert sorter.finish(tmp_path / "out").read_text().splitlines(keepends=True) == sorted(set(lines))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_merging_many_files_in_passes_is_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.graph.sorting.FAN_IN", 3)
    files = []
    for i in range(10):
        path = tmp_path / f"part-{i}"
        path.write_text("".join(f'"k{k}"\t{{"file": {i}}}\n' for k in range(i % 4, 6)))
        files.append(path)
    merged = list(merge_files(files, tmp_path, key=lambda line: line.split("\t")[0]))
    keys = [line.split("\t")[0] for line in merged]
    assert keys == sorted(keys)
    for key in set(keys):
        order = [json.loads(line.split("\t")[1])["file"] for line in merged if line.startswith(key)]
        assert order == sorted(order)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"part-{i}" for i in range(10)]


IRI_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20)
LITERAL_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(IRI_TEXT, st.sampled_from(["label", "sentence", "rule"]),
                          st.one_of(LITERAL_TEXT.map(Literal), LITERAL_TEXT.map(lambda t: Literal(t, lang="en")),
                                    st.integers().map(Literal), IRI_TEXT.map(lambda t: URIRef(CIKG + t)))),
                max_size=12))
def test_turtle_written_from_lines_parses_back_to_the_same_triples(rows, tmp_path_factory) -> None:
    triples = {(URIRef("https://w3id.org/cikg/id/entity/" + s), CIKG[p], o) for s, p, o in rows}
    path = tmp_path_factory.mktemp("ttl") / "g.ttl"
    with path.open("w", encoding="utf-8") as out:
        writer = TurtleWriter(out)
        for line in sorted({nt_line(t) for t in triples}):
            writer.add(line)
        writer.close()
    assert set(Graph().parse(path, format="turtle")) == triples
