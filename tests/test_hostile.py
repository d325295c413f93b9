"""Hostile and broken input, through the whole build: bad files are reported, the rest is built, nothing crashes."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from extract.ingest import SUPPORTED_SUFFIXES, split_sections
from extract.model import Document, IngestError
from kg.graph.build import build, sample_corpus
from kg.namespaces import CIKG, DOC
from extract.ingest.paging import PageLimits, file_digest, read_pages
from kg.graph.parts import PartMeta, PartWriter
from kg.graph.serialize import TurtleWriter

from stub_extractor import StubExtractor

ROOT = Path(__file__).resolve().parent.parent
GOOD = "The Ministry of Science and Technology funds research on semiconductors in Shanghai.\n"


def built_with(tmp_path: Path, files: dict[str, bytes | str], extractor=None):
    """Build a folder holding one good brief and ``files``; returns the result and the parsed graph."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = build([corpus], tmp_path / "out", extractor=extractor or StubExtractor())
    assert result.graph_path is not None, result.summary()
    return result, Graph().parse(result.graph_path, format="turtle")


def reasons(result) -> dict[str, str]:
    return {Path(e.path).name: e.reason for e in result.errors}


@pytest.mark.integration
def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    result, graph = built_with(tmp_path, {"empty.txt": b"", "blank.md": " \n\t\r\n", "nbsp.txt": "\u00a0\u3000\n"})
    assert reasons(result) == {"empty.txt": "empty file", "blank.md": "empty file", "nbsp.txt": "empty file"}
    assert result.documents == ["good"] and (DOC["good"], RDF.type, CIKG.Document) in graph


@pytest.mark.integration
def test_binary_file_with_a_text_extension(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    result, _ = built_with(tmp_path, {"image.txt": png, "page.html": b"\x00\x01" * 500})
    assert reasons(result) == {"image.txt": "binary content, not text", "page.html": "binary content, not text"}


@pytest.mark.slow
def test_invalid_utf8_is_refused_and_gb18030_is_read_as_chinese(tmp_path: Path, nlp) -> None:
    from extract.pipeline import DocumentExtractor

    chinese = "中国正在推动创新以增强科技自主，这一点在三中全会决议文件中得以强调。面对日益加剧的地缘政治紧张和美国的制裁。\n"
    result, graph = built_with(tmp_path, {"garbled.txt": b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end",
                                          "chinese.txt": chinese.encode("gb18030")}, DocumentExtractor(nlp=nlp))
    assert "not valid UTF-8" in reasons(result)["garbled.txt"]
    assert result.documents == ["chinese", "good"]
    assert set(map(str, graph.objects(DOC["chinese"], DCTERMS.language))) == {"zh"}
    page = next(read_pages(tmp_path / "corpus" / "chinese.txt", "", PageLimits()))
    assert page.document.text == chinese.strip()


def pdf(*pages: str) -> bytes:
    import fpdf

    document = fpdf.FPDF()
    document.set_font("helvetica", size=12)
    for text in pages:
        document.add_page()
        if text:
            document.multi_cell(0, 10, text)
        else:
            document.rect(10, 10, 80, 60, style="F")
    return bytes(document.output())


def encrypted(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_corrupt_encrypted_and_image_only_pdfs_say_so(tmp_path: Path) -> None:
    text_pdf = pdf(GOOD)
    result, graph = built_with(tmp_path, {"readable.pdf": text_pdf, "truncated.pdf": text_pdf[: len(text_pdf) // 3],
                                          "noise.pdf": bytes((i * 37 + 11) % 256 for i in range(4096)),
                                          "locked.pdf": encrypted(text_pdf), "scan.pdf": pdf("", "")})
    found = reasons(result)
    assert found["truncated.pdf"].startswith("corrupt PDF") and found["noise.pdf"].startswith("corrupt PDF")
    assert found["locked.pdf"].startswith("encrypted PDF") and "password" in found["locked.pdf"]
    assert "image-only" in found["scan.pdf"]
    assert "readable" in result.documents and (DOC["readable"], RDF.type, CIKG.Document) in graph


@pytest.mark.slow
def test_html_keeps_text_only(tmp_path: Path, nlp) -> None:
    from extract.pipeline import DocumentExtractor

    page = f"""<!doctype html><html><head><title>Innovation brief</title>
    <style>body {{ color: red }} .evil::after {{ content: "STYLE-TEXT" }}</style>
    <script>document.write("SCRIPT-TEXT"); fetch("http://example.invalid/?leak")</script></head>
    <body onload="alert('ONLOAD-TEXT')"><noscript>NOSCRIPT-TEXT</noscript>
    <p>{GOOD}</p><script type="module">import x from "y"; console.log("MODULE-TEXT")</script>
    <template><p>TEMPLATE-TEXT</p></template><svg><text>SVG-TEXT</text></svg>
    <iframe srcdoc="<p>IFRAME-TEXT</p>"></iframe><img src=x onerror="alert('ONERROR-TEXT')"></body></html>"""
    result, graph = built_with(tmp_path, {"page.html": page}, DocumentExtractor(nlp=nlp))
    assert result.ok and "page" in result.documents
    text = next(read_pages(tmp_path / "corpus" / "page.html", "", PageLimits())).document.text
    assert "semiconductors in Shanghai" in text
    turtle = result.graph_path.read_text(encoding="utf-8")
    for marker in ("SCRIPT", "STYLE", "ONLOAD", "NOSCRIPT", "MODULE", "TEMPLATE", "SVG", "IFRAME", "ONERROR",
                   "color: red", "example.invalid"):
        assert marker not in text and marker not in turtle, marker
    assert "semiconductors in Shanghai" in turtle


@pytest.mark.slow
def test_thousands_of_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(3000):
        folder = corpus / f"batch-{i // 500}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{i:04d}.txt").write_text(f"Shanghai Fund {i} supports Beijing Lab {i % 7}.\n")
    result = build([corpus], tmp_path / "out", extractor=StubExtractor())
    assert result.ok and len(result.documents) == 3000 == len(set(result.documents))
    graph = Graph().parse(result.graph_path, format="turtle")
    assert len(set(graph.subjects(RDF.type, CIKG.Document))) == 3000
    assert len(set(graph.objects(None, CIKG.mentionedIn))) == 3000


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    secret = corpus / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    try:
        result, _ = built_with(tmp_path, {})
    finally:
        secret.chmod(0o644)
    assert reasons(result) == {"secret.txt": "cannot read file (permission denied)"}


@pytest.mark.integration
def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a non-root user meets on a chmod 000 file, simulated so the test also means something as root."""
    original_open = Path.open

    def refusing_open(self: Path, mode: str = "r", *args, **kwargs):
        if self.name == "secret.txt" and "r" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    result, _ = built_with(tmp_path, {"secret.txt": GOOD})
    assert reasons(result) == {"secret.txt": "cannot read file (permission denied)"}
    assert result.documents == ["good"]


@pytest.mark.slow
def test_symlink_loop(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "nested").mkdir(parents=True)
    (corpus / "nested" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    result, _ = built_with(tmp_path, {"nested/inner.txt": "Shenzhen Fund supports Beijing Lab.\n"})
    assert result.documents == ["good", "inner"]
    assert reasons(result) == {"self.txt": "broken symbolic link"}


FIFTY_MB = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, "tests")
from stub_extractor import StubExtractor
from kg.graph.build import build
stub = StubExtractor()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = build([Path(sys.argv[1])], Path(sys.argv[2]), extractor=stub)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_mb": before / 1024, "growth_mb": (peak - before) / 1024, "documents": result.documents, "pages": len(stub.seen),
                  "errors": [str(e) for e in result.errors]}))
"""


@pytest.mark.slow
def test_a_50_mb_text_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """Sanity bound, not a benchmark: reading it whole costs about 2 GB; page by page, a few hundred MB."""
    big = tmp_path / "big.txt"
    paragraph = (sample_corpus() / "brief-2023.txt").read_text(encoding="utf-8").split("Executive Summary")[1]
    with big.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50 * 2**20:
            handle.write(paragraph + "\n\n")
    child = subprocess.run([sys.executable, "-c", FIFTY_MB, str(big), str(tmp_path / "out")], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    report = json.loads(child.stdout.splitlines()[-1])
    assert report["documents"] == ["big"] and report["errors"] == []
    assert report["growth_mb"] < 400, report
    assert report["pages"] >= 50 * 2**20 // PageLimits().page_chars
    assert b"doc:big " in (tmp_path / "out" / "graph.ttl").read_bytes()


SUFFIXES = st.sampled_from(SUPPORTED_SUFFIXES)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=800).map(lambda t: t.encode("utf-8"))), SUFFIXES)
def test_any_bytes_are_read_or_refused_with_an_ingest_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            pages = list(read_pages(path, file_digest(path), PageLimits(page_chars=300, stream_bytes=500)))
        except IngestError as error:
            assert error.reason and str(path) in str(error)
        else:
            assert pages and all(0 <= s.start < s.end <= len(p.document.text)
                                 for p in pages for s in p.document.sections)


PROSE = st.lists(st.one_of(
    st.sampled_from(["China", "the Ministry of Science and Technology", "Huawei", "R&D", "2.6%", "in 2023", "(NPF)",
                     "semiconductors", "“chokepoint”", "funds", "said", ".", ",", "\n\n", "中国", "Yin Hejun", "$3 bn"]),
    st.text(max_size=12)), max_size=60).map(" ".join)


@pytest.fixture(scope="module")
def extractor(nlp):
    from extract.pipeline import DocumentExtractor

    return DocumentExtractor(nlp=nlp)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PROSE)
def test_extraction_of_any_text_never_raises_and_serialises(text: str, extractor, tmp_path_factory) -> None:
    text = text.strip() or "x"
    document = Document("fuzz", "fuzz.txt", text, split_sections(text, 0), content_hash="sha256:0")
    with extractor.nlp.memory_zone():
        extraction = extractor.extract(document)
    scratch = tmp_path_factory.mktemp("part")
    writer = PartWriter(scratch / "part")
    writer.add(extraction)
    part = writer.finish(PartMeta("fuzz", "fuzz.txt", "sha256:0", 1))
    lines = part.triples.read_text(encoding="utf-8").splitlines(keepends=True)
    with (scratch / "g.ttl").open("w", encoding="utf-8") as out:
        turtle = TurtleWriter(out)
        for line in lines:
            turtle.add(line)
        turtle.close()
    assert len(Graph().parse(scratch / "g.ttl", format="turtle")) == len(lines)
