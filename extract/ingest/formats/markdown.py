"""Markdown -> plain text: the words stay, the markup goes; headings and list items keep their line."""
from __future__ import annotations

import html
import re

from . import Converted

_MD_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_HR = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: dropped
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def _md_inline(line: str) -> str:
    # protect backslash escapes with private-use placeholders, strip markup, then restore
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~<])", lambda m: chr(0xF0000 + _MD_ESCAPABLE.index(m.group(1))), line)
    if len(line) > 5000:  # keep the lazy emphasis patterns off pathological lines
        line = re.sub(r"\*\*+|__+|~~+|`+", "", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)\s]*\)", r"\1", line)
        return html.unescape(line)
    for pattern, repl in _MD_INLINE:
        for _ in range(3):  # nested emphasis such as ***x***
            new = pattern.sub(repl, line)
            if new == line:
                break
            line = new
    line = html.unescape(line)
    return "".join(_MD_ESCAPABLE[ord(c) - 0xF0000] if 0xF0000 <= ord(c) < 0xF0000 + len(_MD_ESCAPABLE) else c
                   for c in line)


def markdown_to_text(src: str) -> Converted:
    """Strip markdown markup, keeping the words.  The title is a front-matter ``title:`` or the
    first level-1 heading.

    Headings are set off by blank lines, list bullets become ``•`` (which :func:`~extract.ingest.repair.repair_text`
    removes while keeping the item boundary), code fences keep their content as text, links keep
    their text, images and HTML tags are dropped, emphasis markers are removed.
    """
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    if lines and lines[0].strip() == "---":  # YAML front matter
        for j in range(1, min(len(lines), 60)):
            if lines[j].strip() in ("---", "..."):
                for fm in lines[1:j]:
                    m = re.match(r"^\s*title\s*:\s*(.+?)\s*$", fm, re.I)
                    if m and title is None:
                        title = m.group(1).strip("'\"") or None
                lines = lines[j + 1:]
                break
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        m = _MD_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append("")
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                out.append("")
            else:
                out.append(line)
            continue
        m = _MD_ATX.match(line)
        if m:
            text = _md_inline(m.group(2) or "").strip()
            if len(m.group(1)) == 1 and title is None and text:
                title = text
            out.extend(["", "", text, "", ""])
            continue
        if _MD_SETEXT.match(line) and out and out[-1].strip():
            heading = out.pop()
            if line.strip().startswith("=") and title is None:
                title = heading.strip() or None
            out.extend(["", "", heading, "", ""])
            continue
        if _MD_HR.match(line):
            out.append("")
            continue
        if _MD_REFDEF.match(line) or _MD_TABLE_SEP.match(line) and "-" in line and "|" in line:
            continue
        line = _MD_QUOTE.sub("", line)
        bullet = _MD_BULLET.match(line)
        if bullet:
            line = "• " + line[bullet.end():]
        if line.lstrip().startswith("|"):
            line = line.replace("|", "  ")
        out.append(_md_inline(line))
    return Converted("\n".join(out), title)
