"""References back: "the conference", "this approach", "it" name the last fitting earlier mention;
"the agency's team" names the agency, and a later "the team" does too."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from ..model import Mention, NameKey
from ..rules import RuleSettings
from ..sentences import ParsedSection
from .candidate import is_plural
from .phrases import head_word
from .registry import MentionContext, Stage, mention_rule


@mention_rule("anaphora", Stage.REFERENCES)
def anaphora(parsed: ParsedSection, doc_id: str, mentions: list[Mention], context: MentionContext,
             settings: RuleSettings) -> list[Mention]:
    """A definite description (determiner + anaphoric head, no "of" tail) or a subject pronoun,
    keyed like its antecedent; its confidence is at most the rule's ``confidence``."""
    doc = parsed.doc
    covered = {t.i for m in mentions if (s := parsed.span_of(m.start, m.end)) is not None for t in s}
    new: list[Mention] = []
    for token in doc:
        if token.i in covered:
            continue
        possessor = _possessor(token, parsed, mentions + new, context)
        if possessor is not None:
            start, antecedent = token.left_edge.i, possessor
        elif token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.lower_ in context.lexicon.anaphoric_words):
            start = _determiner(token, context, settings)
            antecedent = _described(token, parsed, mentions + new, context, settings) if start is not None else None
        elif token.pos_ == "PRON" and token.lower_ in settings.option("pronouns") and token.dep_ in ("nsubj", "nsubjpass"):
            start, antecedent = token.i, _pronoun_antecedent(parsed, token, mentions + new, context)
        else:
            continue
        if antecedent is None:
            continue
        new.append(refer_back(antecedent, parsed, doc[start:token.i + 1], settings))
    return new


def refer_back(antecedent: Mention, parsed: ParsedSection, span: Span, settings: RuleSettings) -> Mention:
    """A mention of ``span`` keyed like ``antecedent``, at most as confident as the rule."""
    return replace(antecedent, key=antecedent.key or NameKey("ref", antecedent.name or antecedent.text),
                   sentence_index=parsed.sentence_of(span.start).index, start=span.start_char + parsed.offset,
                   end=span.end_char + parsed.offset, text=span.text, rule=settings.name,
                   confidence=min(antecedent.confidence, settings.confidence), plural=is_plural(span), reference=True)


def _determiner(noun: Token, context: MentionContext, settings: RuleSettings) -> int | None:
    """The index of the anaphoric determiner of ``noun`` when it has one and nothing else to its
    left but adjectives, and no "of" tail ("the role of ..." is not a reference back)."""
    det = [c for c in noun.lefts if c.lower_ in context.lexicon.anaphoric_determiners]
    if not det or any(c.i not in (d.i for d in det) and c.dep_ != "amod" for c in noun.lefts):
        return None
    if any(c.dep_ == "prep" and c.lower_ == settings.option("blocking_preposition") for c in noun.rights):
        return None
    return det[0].i


def _possessor(noun: Token, parsed: ParsedSection, mentions: list[Mention], context: MentionContext) -> Mention | None:
    """The possessor of a ``possessed`` head: "the agency's team" -> the agency; "its team" -> what
    "it" would name there (a subject pronoun's antecedent)."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in context.lexicon.possessed_heads:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.pos_ == "PRON":
        return _pronoun_antecedent(parsed, owner, mentions, context) if owner.lower_ == "its" else None
    at = owner.idx + parsed.offset
    return next((m for m in mentions if m.start <= at < m.end), None)


def _described(noun: Token, parsed: ParsedSection, mentions: list[Mention], context: MentionContext,
               settings: RuleSettings) -> Mention | None:
    """The last earlier mention of the same number with the same head word (unless another such
    entity is more talked about), else the last of the head's class not listed among others; for a ``possessed`` head, the last earlier "X's <head>" ("the team" after "the
    agency's team")."""
    lexicon = context.lexicon
    head = noun.lemma_.lower()
    here = noun.idx + parsed.offset
    plural = noun.tag_ in ("NNS", "NNPS")
    earlier = [m for m in mentions if m.end <= here and m.plural == plural]  # "the program" is no "programs"
    antecedent = None
    if head in lexicon.possessed_heads:
        return next((m for m in reversed(earlier) if m.reference and head_word(m.text) == head), None)
    if head in lexicon.anaphoric_words:
        named = [m for m in earlier if head_word(m.name or m.text) == head and m.rule != settings.name]
        if named and not _most_mentioned(named[-1], {m.key for m in named}, earlier):
            return None  # "the plan" after two plans, the last one less talked about: either may be meant
        antecedent = named[-1] if named else None
    if antecedent is None and head in lexicon.anaphoric_classes:
        wanted = lexicon.anaphoric_classes[head]
        antecedent = next((m for m in reversed(earlier) if {m.cls, context.top_class(m.cls)} & wanted
                           and not _in_long_list(parsed, m)), None)
    return antecedent


def _most_mentioned(last: Mention, keys: set, earlier: list[Mention]) -> bool:
    """Whether the last fitting name is mentioned (by name or reference) at least as often as each
    other fitting entity so far: recency alone does not pick out the entity a text is about."""
    counts = {key: sum(1 for m in earlier if m.key == key) for key in keys}
    return counts[last.key] >= max(counts.values())


def _in_long_list(parsed: ParsedSection, mention: Mention) -> bool:
    """A name listed among two others or more ("the U.S., Japan and Singapore") is no antecedent of
    "the country": the text is about none of them in particular."""
    span = parsed.span_of(mention.start, mention.end)
    return span is not None and len(span.root.conjuncts) >= 2


def _pronoun_antecedent(parsed: ParsedSection, pronoun: Token, mentions: list[Mention],
                        context: MentionContext) -> Mention | None:
    """"it" names a thing, never a person: the last singular non-person name before it in its
    sentence, else the subject of the previous sentence's main clause; otherwise, or when an
    unnamed subject ("the plan") comes between, nothing (an unresolved pronoun is better than a
    wrong entity)."""
    sentence = parsed.sentence_of(pronoun.i)
    here = pronoun.idx + parsed.offset
    fitting = [m for m in mentions if not m.plural and context.top_class(m.cls) != "Person"]
    same = next((m for m in reversed(fitting) if sentence.start <= m.start and m.end <= here
                 and not _is_possessor(parsed, m)), None)
    unnamed = _unnamed_subjects(parsed, pronoun, mentions)
    if unnamed and (same is None or unnamed[-1].idx + parsed.offset >= same.end):
        return None  # "the plan aims at X, and it promises Y": a subject nobody named is nearer
    if same is not None:
        return same
    previous = sorted((m for m in fitting if m.sentence_index == sentence.index - 1), key=lambda m: m.start)
    for mention in previous:
        span = parsed.span_of(mention.start, mention.end)
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.dep_ == "ROOT":
            return mention
    return None


def _unnamed_subjects(parsed: ParsedSection, pronoun: Token, mentions: list[Mention]) -> list[Token]:
    """Singular common-noun subjects before ``pronoun`` in its sentence that no mention covers."""
    start, doc = parsed.sentence_of(pronoun.i).start, parsed.doc
    first = pronoun.i
    while first > 0 and doc[first - 1].idx + parsed.offset >= start:
        first -= 1
    before = doc[first:pronoun.i]
    named = [(m.start, m.end) for m in mentions if start <= m.start]
    return [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and t.tag_ == "NN"
            and not any(a <= t.idx + parsed.offset < b for a, b in named)]


def _is_possessor(parsed: ParsedSection, mention: Mention) -> bool:
    span = parsed.span_of(mention.start, mention.end)
    return span is not None and span.root.dep_ == "poss"
