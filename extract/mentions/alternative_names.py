"""Two names for one thing: "X or Y is a programme that ..." (alternatives in a definition) and
"X was renamed (as) Y" / "rebranded as Y" (a new name). The later name is re-keyed as the
first, so the resolver makes one entity with both labels instead of two."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..model import Mention, NameKey
from ..rules import RuleSettings
from ..sentences import ParsedSection
from .registry import MentionContext, Stage, mention_rule


@mention_rule("alternative-names", Stage.REFERENCES)
def alternative_names(parsed: ParsedSection, doc_id: str, mentions: list[Mention], context: MentionContext,
                      settings: RuleSettings) -> list[Mention]:
    """The subject of a copula made only of names joined by ``conjunctions`` ("or"), commas and
    brackets: every later unlisted name of the first's kind is another name of it (two listed
    names stay two things: "Japan or Korea is a partner"). Read on the words, not the parse,
    which often mangles such a run of names."""
    renamed: list[Mention] = []
    for verb in parsed.doc:
        if verb.lemma_ != "be" or not any(c.dep_ == "attr" for c in verb.children):
            continue
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            names = _alternatives(parsed, mentions, list(subject.subtree), settings.option("conjunctions"))
            if names:
                first, *others = names
                renamed += [_renamed(m, first, settings) for m in others
                            if m.key is None and context.top_class(m.cls) == context.top_class(first.cls)]
    return renamed


@mention_rule("renamed", Stage.REFERENCES)
def renamed(parsed: ParsedSection, doc_id: str, mentions: list[Mention], context: MentionContext,
            settings: RuleSettings) -> list[Mention]:
    """A name within ``window`` tokens after a renaming verb names the verb's subject."""
    verbs, window = settings.option("verbs"), settings.option("window")
    found: list[Mention] = []
    for cue in parsed.doc:
        if _verb_lemma(cue) not in verbs:
            continue
        subject = _subject(cue)
        old = _mention_at(parsed, mentions, subject) if subject is not None else None
        new = next((m for t in parsed.doc[cue.i + 1:cue.i + 1 + window]
                    if (m := _mention_at(parsed, mentions, t)) is not None), None)
        if old is not None and new is not None and new.start > old.end and not _same(new, old):
            found.append(_renamed(new, old, settings))
    return found


def _verb_lemma(token: Token) -> str:
    """The lemma, with a hyphenated "re-" joined to it ("re-branded" -> rebrand)."""
    doc, i = token.doc, token.i
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "re":
        return "re" + token.lemma_.lower()
    return token.lemma_.lower()


def _alternatives(parsed: ParsedSection, mentions: list[Mention], tokens: list[Token],
                  conjunctions: list[str]) -> list[Mention]:
    """The names of ``tokens`` when, besides them, there are only determiners, punctuation, words
    in brackets and ``conjunctions`` (one at least); else none."""
    names: list[Mention] = []
    joined, depth = False, 0
    for token in tokens:
        mention = _mention_at(parsed, mentions, token)
        depth += (token.text == "(") - (token.text == ")")
        if mention is not None:
            if mention not in names:
                names.append(mention)
        elif token.lower_ in conjunctions:
            joined = True
        elif not (token.is_punct or token.dep_ == "det" or depth > 0):
            return []
    return names if joined and len(names) > 1 else []


def _subject(cue: Token) -> Token | None:
    """The subject of the renaming verb, or of the auxiliary it hangs on ("was re-branded")."""
    for node in (cue, cue.head):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def _same(one: Mention, other: Mention) -> bool:
    return one.key is not None and one.key == other.key


def _mention_at(parsed: ParsedSection, mentions: list[Mention], token: Token) -> Mention | None:
    at = token.idx + parsed.offset
    return next((m for m in mentions if m.start <= at < m.end), None)


def _renamed(mention: Mention, named: Mention, settings: RuleSettings) -> Mention:
    """``mention`` keyed and typed as ``named``: another name of the same thing."""
    return replace(mention, key=named.key or NameKey("ref", named.name or named.text), cls=named.cls,
                   rule=settings.name, confidence=min(mention.confidence, settings.confidence))
