"""HTML -> plain text with the stdlib parser; block elements become line breaks."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from . import Converted

_HTML_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head_meta"}
_HTML_PARAGRAPH = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
    "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "main", "nav", "aside",
    "hr", "address", "form", "fieldset", "details", "summary", "caption", "body", "center",
}
_HTML_LINE = {"br", "tr", "dt", "dd", "li", "option"}
_HTML_CELL = {"td", "th"}
_HTML_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
              "track", "wbr"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser signature
        tag = tag.lower()
        if tag in _HTML_SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "pre":
            self.pre_depth += 1
        if tag in _HTML_PARAGRAPH:
            self.parts.append("\n\n\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _HTML_LINE:
            self.parts.append("\n")
        elif tag in _HTML_CELL:
            self.parts.append("  ")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        tag = tag.lower()
        if tag in _HTML_SKIP:  # <script/> has no content to skip
            return
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _HTML_SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = False
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in _HTML_PARAGRAPH:
            self.parts.append("\n\n\n")
        elif tag in _HTML_LINE and tag not in ("br", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(src: str) -> Converted:
    """Text of an HTML page via the stdlib parser: scripts, styles, ``<noscript>``, ``<template>``
    and comments dropped; block elements become line breaks; entities unescaped.
    The title is the ``<title>`` text."""
    parser = _HTMLText()
    parser.feed(src)
    parser.close()
    title = re.sub(r"\s+", " ", "".join(parser.title_parts)).strip() or None
    return Converted("".join(parser.parts), title)
