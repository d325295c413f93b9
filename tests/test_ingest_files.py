"""extract.ingest files, decoding and formats: each input kind, bad input, document ids."""
from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest import (
    decode_bytes,
    html_to_text,
    iter_input_files,
    markdown_to_text,
    read_document,
    repair_text,
)
from extract.ingest.files import document_id
from conftest import BRIEF_2023, BRIEF_2024
from extract.model import Document, IngestError

# ------------------------------------------------------------------------------------- decoding

class TestDecode:
    def test_utf8_bom(self):
        assert decode_bytes("\ufeffInnovation".encode("utf-8")).text == "Innovation"

    def test_utf16_bom(self):
        assert decode_bytes("科技创新 policy".encode("utf-16")).text == "科技创新 policy"

    def test_gb18030_chinese(self):
        text = "中国正在推动创新以增强科技自主，这一点在三中全会决议文件中得以强调。"
        assert decode_bytes(text.encode("gb18030")).text == text

    def test_cp1252_french_via_guess(self):
        text = "La Chine encourage l'innovation pour renforcer son autonomie technologique, comme souligné."
        assert decode_bytes(text.encode("cp1252")).text == text

    def test_undecodable_bytes(self):
        with pytest.raises(IngestError, match="not valid UTF-8 text"):
            decode_bytes(b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end", "x.txt")


# ------------------------------------------------------------------------------------- formats


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _make_pdf(pages: list[str], width: float = 80) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(width, 6, text)
    return bytes(pdf.output())


class TestFormats:
    def test_txt_document_fields(self, tmp_path):
        path = _write(tmp_path, "brief-2099.txt", "The state is a coordinator\nof innovation.\n")
        doc = read_document(path)
        assert isinstance(doc, Document)
        assert doc.doc_id == "brief-2099"
        assert doc.path == str(path)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", doc.content_hash)
        assert doc.text == "The state is a coordinator of innovation."
        assert [(s.lang, s.start, s.end) for s in doc.sections] == [("en", 0, len(doc.text))]

    def test_real_briefs(self):
        d23 = read_document(BRIEF_2023)
        assert d23.doc_id == "brief-2023"
        assert d23.metadata.author == "QIAN Jiwei"
        assert d23.text[d23.body_start:].startswith("Executive Summary")
        assert {s.lang for s in d23.sections} == {"en"}
        assert d23.sections[0].heading == "Executive Summary"  # the heading itself is in no section
        assert d23.text[d23.body_start:d23.sections[0].start].strip() == "Executive Summary"
        d24 = read_document(BRIEF_2024)
        assert d24.languages == ["en", "zh", "fr", "es"]

    def test_markdown(self, tmp_path):
        md = (
            "---\ntitle: Front Matter Title\n---\n"
            "# China's *Innovation* Push\n\n"
            "The **Ministry of Science and Technology** coordinates [national labs](https://example.org)\n"
            "and _research institutes_. ![chart](img.png)\n\n"
            "- semiconductors\n* artificial intelligence\n\n"
            "```\ncode_block = keep_me\n```\n"
            "Inline `code` and <span>html</span> and snake_case_word.\n"
        )
        path = _write(tmp_path, "note.md", md)
        doc = read_document(path)
        text = doc.text
        assert "China's Innovation Push" in text
        assert ("The Ministry of Science and Technology coordinates national labs and research institutes."
                in text)
        assert "semiconductors\nartificial intelligence" in text
        assert "code_block = keep_me" in text
        assert "Inline code and html and snake_case_word." in text
        for junk in ("**", "](", "https://", "img.png", "chart", "<span>", "```", "# ", "- semi", "title:"):
            assert junk not in text
        assert doc.metadata.title == "Front Matter Title"

    def test_markdown_helper_title_hint(self):
        converted = markdown_to_text("Heading\n=======\n\nSome *text*.")
        text, title = converted.text, converted.title
        assert title == "Heading"
        assert "Some text." in text and "===" not in text

    def test_html(self, tmp_path):
        page = (
            "<!DOCTYPE html><html><head><title>Innovation &amp; Policy</title>"
            "<style>body { color: red }</style><script>alert(1)</script></head><body>"
            "<noscript>enable js</noscript><template><p>hidden template</p></template>"
            "<!-- a comment -->"
            "<h1>China&rsquo;s Innovation</h1><p>The state&nbsp;is a <b>coordinator</b><br>of actors.</p>"
            "<ul><li>semiconductors</li><li>aerospace</li></ul>"
            "<div>R&amp;D spending rose.</div><script type='text/javascript'>var x = '<p>no</p>';</script>"
            "</body></html>"
        )
        path = _write(tmp_path, "page.html", page)
        doc = read_document(path)
        text = doc.text
        for junk in ("alert(1)", "<script>", "color: red", "enable js", "hidden template", "a comment",
                     "var x", "<p>", "&amp;", "&nbsp;"):
            assert junk not in text
        assert "China’s Innovation" in text
        assert "The state is a coordinator of actors." in text  # <br> inside a sentence is re-joined
        assert "semiconductors\naerospace" in text
        assert "R&D spending rose." in text
        assert doc.metadata.title == "Innovation & Policy"

    def test_html_helper_never_returns_script(self):
        text = html_to_text("<p>a</p><SCRIPT>alert(1)</SCRIPT><p>b</p>").text
        assert "alert" not in text

    def test_html_declared_charset(self, tmp_path):
        page = '<html><head><meta charset="gb18030"></head><body><p>中国科技创新政策</p></body></html>'
        path = _write(tmp_path, "zh.htm", page.encode("gb18030"))
        assert read_document(path).text == "中国科技创新政策"

    def test_pdf_two_pages_sentence_joined(self, tmp_path):
        sentence = ("The Ministry of Science and Technology coordinates the national laboratories and the "
                    "research institutes across the country.")
        path = _write(tmp_path, "brief.pdf", _make_pdf([sentence + " Second sentence here.",
                                                        "Page two talks about semiconductors."]))
        doc = read_document(path)
        assert sentence in doc.text.split("\n")[0]
        assert "Page two talks about semiconductors." in doc.text
        assert doc.doc_id == "brief"

    def test_gb18030_chinese_txt(self, tmp_path):
        text = ("中国科技创新\n\n中国正在推动创新以增强科技自主，这一点在三中全会决议文件\n\n"
                "中得以强调。这一战略侧重于构建现代化产业体系。\n")
        path = _write(tmp_path, "zh-brief.txt", text.encode("gb18030"))
        doc = read_document(path)
        assert "三中全会决议文件中得以强调" in doc.text
        assert doc.text.startswith("中国科技创新")
        assert [s.lang for s in doc.sections] == ["zh"]
        assert doc.content_hash.startswith("sha256:")


# ------------------------------------------------------------------------------------- bad input

def _assert_ingest_error(path: Path, reason: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_document(path)
    err = info.value
    assert str(path) in str(err)
    assert reason in str(err)
    assert err.path == str(path)
    return err


class TestBadInput:
    def test_empty(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "empty.txt", b""), "empty file")

    def test_whitespace_only(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "blank.md", b" \n\t\r\n  \n"), "empty file")

    def test_nbsp_only(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "nbsp.txt", "\u00a0\u3000\n".encode()), "empty file")

    def test_binary_with_txt_extension(self, tmp_path):
        data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        _assert_ingest_error(_write(tmp_path, "image.txt", data), "binary content, not text")

    def test_control_characters_without_nul(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "ctrl.txt", b"ab\x01\x02\x03\x04cd\x05\x06\x07\x08"),
                             "binary content, not text")

    def test_neither_utf8_nor_chinese(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "garbled.txt", b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end"),
                             "not valid UTF-8 text")

    def test_corrupt_pdf(self, tmp_path):
        data = bytes((i * 37 + 11) % 256 for i in range(2048))
        _assert_ingest_error(_write(tmp_path, "random.pdf", data), "corrupt PDF")

    def test_truncated_pdf(self, tmp_path):
        data = _make_pdf(["Some text on a page."])
        _assert_ingest_error(_write(tmp_path, "truncated.pdf", data[: len(data) // 3]), "corrupt PDF")

    def test_encrypted_pdf(self, tmp_path):
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_make_pdf(["Secret text."]))))
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        _assert_ingest_error(_write(tmp_path, "locked.pdf", buf.getvalue()), "encrypted PDF")

    def test_encrypted_pdf_with_empty_user_password_opens(self, tmp_path):
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_make_pdf(["Open text for everyone."]))))
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
        buf = io.BytesIO()
        writer.write(buf)
        doc = read_document(_write(tmp_path, "owner-only.pdf", buf.getvalue()))
        assert "Open text for everyone." in doc.text

    def test_image_only_pdf(self, tmp_path):
        fpdf = pytest.importorskip("fpdf")
        pdf = fpdf.FPDF()
        pdf.add_page()
        pdf.rect(10, 10, 80, 60, style="F")
        pdf.add_page()
        err = _assert_ingest_error(_write(tmp_path, "scan.pdf", bytes(pdf.output())), "PDF has no extractable text")
        assert "OCR" in err.reason

    def test_unsupported_suffix(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "brief.docx", b"PK\x03\x04"), "unsupported file type")

    def test_missing_file_read_document(self, tmp_path):
        _assert_ingest_error(tmp_path / "nope.txt", "no such file")

    def test_only_markup(self, tmp_path):
        _assert_ingest_error(_write(tmp_path, "empty.html", "<html><script>x()</script></html>"), "no text content")


# ------------------------------------------------------------------------------------- file discovery

class TestIterInputFiles:
    def test_recursive_sorted_filtered(self, tmp_path):
        for rel in ("b.txt", "a.md", "sub/c.pdf", "sub/deeper/d.HTML", "sub/x.docx", ".hidden.txt",
                    ".git/config.txt", "notes.txt~", "sub/e.htm"):
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
        found = list(iter_input_files([tmp_path]))
        assert all(isinstance(p, Path) for p in found)
        assert [p.relative_to(tmp_path).as_posix() for p in found] == [
            "a.md", "b.txt", "sub/c.pdf", "sub/deeper/d.HTML", "sub/e.htm"]
        assert list(iter_input_files([tmp_path])) == found  # deterministic

    def test_missing_path_yields_error_and_goes_on(self, tmp_path):
        good = _write(tmp_path, "good.txt", "text")
        out = list(iter_input_files([tmp_path / "missing.txt", good]))
        assert isinstance(out[0], IngestError)
        assert "missing.txt" in str(out[0]) and "no such file" in out[0].reason
        assert out[1] == good

    def test_explicit_unsupported_file_is_reported(self, tmp_path):
        out = list(iter_input_files([_write(tmp_path, "a.docx", "x")]))
        assert len(out) == 1 and isinstance(out[0], IngestError)

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
    def test_symlink_loop_terminates(self, tmp_path):
        root = tmp_path / "root"
        (root / "a" / "b").mkdir(parents=True)
        _write(root / "a" / "b", "doc.txt", "text")
        (root / "a" / "b" / "loop").symlink_to(root, target_is_directory=True)
        (root / "a" / "self").symlink_to(root / "a", target_is_directory=True)
        (root / "broken.txt").symlink_to(root / "does-not-exist.txt")
        out = list(iter_input_files([root, root]))
        files = [p for p in out if isinstance(p, Path)]
        errors = [e for e in out if isinstance(e, IngestError)]
        assert [p.name for p in files] == ["doc.txt"]
        assert len(errors) == 1 and "broken symbolic link" in errors[0].reason

    @pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
    def test_unreadable_file_yields_error(self, tmp_path):
        path = _write(tmp_path, "secret.txt", "text")
        path.chmod(0)
        try:
            out = list(iter_input_files([path]))
            assert isinstance(out[0], IngestError) and "permission" in out[0].reason
        finally:
            path.chmod(0o644)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_read_document_on_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except IngestError as err:
            assert str(path) in str(err) and err.reason
        else:
            assert isinstance(doc, Document)
            assert doc.text and "\n\n\n" not in doc.text
            assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.sections)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=500), st.sampled_from([".txt", ".md", ".html"]))
def test_read_document_on_arbitrary_text(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            doc = read_document(path)
        except IngestError:
            pass
        else:
            assert isinstance(doc, Document)


class TestDocumentIds:
    @pytest.mark.parametrize("name, expected", [
        ("brief-2023.txt", "brief-2023"), ("my brief.txt", "my%20brief"), ("two\nlines.txt", "two%0Alines"),
        ('say "hi".md', "say%20%22hi%22"), ("it's.txt", "it%27s"), ("100%.txt", "100%25"), ("报告.txt", "报告")])
    def test_id_is_a_percent_encoded_stem(self, name, expected):
        assert document_id(Path(name)) == expected

    def test_distinct_names_give_distinct_ids(self):
        names = ["a b.txt", "a%20b.txt", "a_b.txt", "a-b.txt", "a\tb.txt"]
        assert len({document_id(Path(n)) for n in names}) == len(names)

    @pytest.mark.integration
    def test_graph_of_hostile_names_parses(self, tmp_path):
        from rdflib import Graph
        pyoxigraph = pytest.importorskip("pyoxigraph")
        from kg.graph.build import build
        from stub_extractor import StubExtractor

        corpus = tmp_path / "corpus"
        corpus.mkdir()
        names = ["plain.txt", "with space.txt", "new\nline.txt", 'double "quoted".txt', "single 'quoted'.txt",
                 "angle <b>.txt"]
        for name in names:
            (corpus / name).write_text("The Ministry of Finance funds Research in Wuhan.\n", encoding="utf-8")
        result = build([corpus], tmp_path / "out", extractor=StubExtractor())
        assert not result.errors, result.summary()
        data = result.graph_path.read_bytes()
        graph = Graph().parse(data=data, format="turtle")
        documents = {str(s).rsplit("/", 1)[1] for s in graph.subjects(predicate=None, object=None)
                     if "/id/document/" in str(s)}
        assert documents == {document_id(Path(n)) for n in names}
        assert len(list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE))) == len(graph)


class TestHonestDecoding:
    def test_guessed_encoding_is_a_warning_naming_file_byte_and_encoding(self, tmp_path):
        text = "Le ministère a publié le décret. La région a réagi très vite à l'annonce."
        path = _write(tmp_path, "note.txt", text.encode("cp1252"))
        doc = read_document(path)
        assert doc.text == text
        (warning,) = doc.warnings
        first_bad = text.encode("cp1252").index(b"\xe8")
        assert str(path) in warning and "cp1252" in warning and f"position {first_bad}" in warning

    def test_utf8_file_has_no_warning(self, tmp_path):
        assert read_document(_write(tmp_path, "ok.txt", "Le ministère a publié le décret.")).warnings == ()

    def test_undecodable_bytes_name_their_position(self):
        with pytest.raises(IngestError, match=r"byte 0xff at position 6"):
            decode_bytes(b"hello \xff\xfe\xfd\xfc world \x80\x81\x82 end", "x.txt")

    @pytest.mark.integration
    def test_build_prints_the_warning(self, tmp_path):
        from kg.graph.build import build
        from stub_extractor import StubExtractor

        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "note.txt").write_bytes("Le ministère a publié le décret. La région a réagi.".encode("cp1252"))
        result = build([corpus], tmp_path / "out", extractor=StubExtractor())
        (warning,) = result.warnings
        assert "note.txt" in warning and "position 9" in warning and "read as cp125" in warning
        assert f"warning: {warning}" in result.summary()
