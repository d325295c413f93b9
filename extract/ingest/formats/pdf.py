"""PDF -> plain text with pypdf, pages joined by a blank line; every failure is an :class:`IngestError`."""
from __future__ import annotations

import io
import re
from pathlib import Path

from extract.model import IngestError

from . import Converted, short_reason


def pdf_text(path: Path, data: bytes) -> Converted:
    """Text of a PDF, pages joined by a blank line, plus the /Title and /Author of its info dict."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError
    except ImportError:  # pragma: no cover - declared dependency
        raise IngestError(path, "cannot read PDF (pypdf is not installed)") from None
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "corrupt PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF ({short_reason(exc)})") from None
    if encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise IngestError(path, "encrypted PDF (AES: needs the 'cryptography' package even to try "
                                    "an empty password)") from None
        except Exception as exc:
            raise IngestError(path, f"encrypted PDF ({short_reason(exc)})") from None
        if not opened:
            raise IngestError(path, "encrypted PDF (a password is needed to open it)")
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF ({short_reason(exc)})") from None
    texts: list[str] = []
    failures = 0
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            failures += 1
            texts.append("")
    if not any(t.strip() for t in texts):
        if pages and failures == len(pages):
            raise IngestError(path, "corrupt PDF (no page could be read)")
        raise IngestError(path, "PDF has no extractable text (image-only? needs OCR)")
    title = author = None
    try:
        info = reader.metadata
        if info is not None:
            title = _usable_info(info.title)
            author = _usable_info(info.author)
    except Exception:
        pass
    return Converted("\n\n".join(t.strip("\n") for t in texts), title, author)


def _usable_info(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    if not value or len(value) > 300:
        return None
    if re.search(r"\.(?:docx?|pdf|rtf|odt|indd|tex)$", value, re.I) or value.lower().startswith(
        ("microsoft word", "untitled")
    ):
        return None
    return value
