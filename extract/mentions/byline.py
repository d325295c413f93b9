"""The author and the publisher named on the title page (``DocumentMetadata``), found in the text."""
from __future__ import annotations

from ..model import Document, Mention
from ..rules import RuleSettings
from .registry import MentionContext, Stage, mention_rule

TITLE_PAGE_LANG = "en"


@mention_rule("byline", Stage.METADATA)
def byline(document: Document, context: MentionContext, settings: RuleSettings) -> list[Mention]:
    """The author, where the byline's text occurs."""
    author = document.metadata.author
    at = document.text.find(author) if author else -1
    if at < 0:
        return []
    return [Mention(document.doc_id, -1, TITLE_PAGE_LANG, at, at + len(author), author, settings.option("class"),
                    settings.name, settings.confidence)]


@mention_rule("series", Stage.METADATA)
def series(document: Document, context: MentionContext, settings: RuleSettings) -> list[Mention]:
    """The publisher a series title starts with ("EAI Background Brief No. 1790"), when listed."""
    title = document.metadata.series
    if not title:
        return []
    first = title.split()[0]
    entry = next((e for e in context.gazetteer if first in e.abbr or first in e.labels["en"]), None)
    at = document.text.find(title)
    if entry is None or at < 0:
        return []
    return [Mention(document.doc_id, -1, TITLE_PAGE_LANG, at, at + len(first), first, entry.cls, settings.name,
                    settings.confidence, entry.id)]
