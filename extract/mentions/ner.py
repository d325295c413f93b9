"""Names spaCy's NER finds and nobody listed, typed by their head word ("the Anhui Provincial
Department of Science and Technology" is a government body) or else by the NER label; the rule
is reported per label (``ner-org``, ``ner-person``, …)."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..knowledge import load_countries
from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import ACRONYM, cue_class, with_period
from .registry import MentionContext, Stage, mention_rule


@mention_rule("ner", Stage.PARSED)
def named_entities(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                   settings: RuleSettings) -> list[Candidate]:
    """An entity of a kept NER label without its article and punctuation. It is surer
    (``confidence_typed``) when its head word types it or its label is one of ``sure_labels``; a
    name typed by its head word that starts with a listed place ("Hefei Industrial Investment
    Group") outranks the place (``priority_named_after_place``), and so does an organisation NER
    names that starts with a one-word listed label ("Hefei Advanced Light Source" is no "Hefei")."""
    places = [c for c in found if c.cls in settings.option("place_classes")]
    one_word = [c for c in found if c.end - c.start == 1]
    new: list[Candidate] = []
    for ent in doc.ents:
        base = context.lexicon.ner_classes.get(ent.label_)
        span = _trimmed(ent, context.lexicon.mention_words.articles)
        if base is None or not any(t.is_alpha for t in span) or all(t.is_lower for t in span if t.is_alpha) \
                or span.text in settings.option("common_abbreviations"):
            continue
        if len(span) == 1 and span[0].lower_ in context.lexicon.anaphoric_words and span.start > 0 \
                and doc[span.start - 1].lower_ in context.lexicon.anaphoric_determiners:
            continue  # "the Plan": a reference back, for the anaphora rule
        cue = cue_class(span, context.lexicon) or _romanised_chinese_name(span, settings)
        if cue is None and ent.label_ == "ORG" and len(span) == 1 and ACRONYM.match(span.text):
            base = settings.option("acronym_class")  # a bare acronym in policy prose is mostly a body
        if base == "Country" and span.text.lower() not in load_countries():
            base = settings.option("subnational_class")  # a province, city or US state is not a country
        span = doc[span.start:with_period(doc, span.end)]  # "… Plan (2021-2035)"
        if span.start > 0 and doc[span.start - 1].ent_type_ == "ORDINAL" and context.top_class(cue or base) == "Event":
            span = doc[span.start - 1:span.end]  # "19th Party Congress": the ordinal tells one congress from another
        sure = cue is not None or ent.label_ in settings.option("sure_labels")
        after_place = (cue is not None and any(p.start == span.start and p.end < span.end for p in places)) or (
            ent.label_ in settings.option("organisation_labels") and len(span) > 2
            and any(p.start == span.start and p.end < span.end for p in one_word))
        new.append(Candidate(span.start, span.end, cue or base, f"{settings.name}-{ent.label_.lower()}",
                             settings.option("confidence_typed") if sure else settings.confidence, None,
                             settings.option("priority_named_after_place") if after_place
                             else settings.option("priority_typed") if cue is not None else settings.priority))
    return new


def _romanised_chinese_name(span: Span, settings: RuleSettings) -> str | None:
    """"Bai Jingyu", "TIAN Shihong", "Shen Changyu": a listed pinyin surname then one or two
    capitalised syllable words is a person, whatever NER label it got."""
    words = [t.text for t in span]
    if not 2 <= len(words) <= 3 or not all(w.isalpha() and w[:1].isupper() for w in words):
        return None
    if words[0].lower() not in settings.option("pinyin_surnames") or any(w.lower() in settings.option("pinyin_surnames")
                                                                        and w.isupper() for w in words[1:]):
        return None
    return "Person"


def _trimmed(span: Span, articles: frozenset[str]) -> Span:
    """The span without its article, edge punctuation and an opening bracket it does not close
    ("Academy of Sciences (CAS": the name ends before the bracket)."""
    texts = [t.text for t in span]
    opened = next((i for i, t in enumerate(texts) if t in "([" and not {")", "]"} & set(texts[i:])), None)
    if opened:
        span = span[:opened]
    while len(span) > 1 and (span[0].lower_ in articles or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
        span = span[:-1]
    return span
