""""We" in a text an organisation publishes about itself ("In 2023 we funded ...") is that
organisation: the publisher the source line names, when the section names it too."""
from __future__ import annotations

from spacy.tokens import Token

from ..model import Mention
from ..rules import RuleSettings
from ..sentences import ParsedSection
from .anaphora import refer_back
from .registry import MentionContext, Stage, mention_rule


@mention_rule("first-person", Stage.REFERENCES)
def first_person(parsed: ParsedSection, doc_id: str, mentions: list[Mention], context: MentionContext,
                 settings: RuleSettings) -> list[Mention]:
    """Each subject ``pronouns`` word outside quotation marks, keyed like the section's first
    mention of the publisher (by its name, or an acronym the text defines for it)."""
    publisher = _publisher_mention(mentions, context, settings)
    if publisher is None:
        return []
    doc = parsed.doc
    return [refer_back(publisher, parsed, doc[token.i:token.i + 1], settings) for token in doc
            if token.lower_ in settings.option("pronouns") and token.dep_ in ("nsubj", "nsubjpass")
            and not _quoted(token, settings.option("quote_pairs"))]


def _publisher_mention(mentions: list[Mention], context: MentionContext, settings: RuleSettings) -> Mention | None:
    """The first mention naming the publisher, when it is no person."""
    if not context.publisher:
        return None
    name = context.publisher.casefold()
    keys = {context.aliases[context.publisher]} if context.publisher in context.aliases else set()
    keys |= {m.key for m in mentions if name in (m.text.casefold(), (m.name or "").casefold()) and m.key is not None}
    return next((m for m in mentions if (m.key in keys or name == m.text.casefold())
                 and context.top_class(m.cls) not in settings.option("non_publisher_classes")), None)


def _quoted(token: Token, pairs: list[str]) -> bool:
    """Whether ``token`` stands inside a quotation of its sentence (an opening mark not yet closed;
    for a mark that opens and closes alike, an odd number of them before it)."""
    before = token.doc[token.sent.start:token.i].text
    for pair in pairs:
        opening, closing = pair[0], pair[-1]
        if (before.count(opening) % 2 if opening == closing else before.count(opening) > before.count(closing)):
            return True
    return False
