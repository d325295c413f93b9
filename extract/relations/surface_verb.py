"""``surface-verb``: a lexicon verb the tagger took for a noun ("… established in 2023 coordinates
various actors …"): the nearest name before it is linked to the first name after it in the clause."""
from __future__ import annotations

from ..knowledge import Lexicon
from ..model import Fact
from ..rules import RuleSettings
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("surface-verb")
def surface_verb_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    excluded = set(settings.option("excluded_subject_classes"))
    clause_ends = set(settings.option("clause_ends"))
    verb_forms = third_person_forms(context.lexicon)
    parsed = context.parsed
    doc = parsed.doc
    facts: list[Fact] = []
    for token in doc:
        lemma = verb_forms.get(token.lower_)
        if lemma is None or token.pos_ in ("VERB", "AUX") or token.i + 1 >= len(doc):
            continue
        if not (doc[token.i - 1].like_num or doc[token.i - 1].i in context.by_token) or \
                doc[token.i + 1].pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
            continue
        sentence = parsed.sentence_of(token.i)
        here = token.idx + parsed.offset
        in_sentence = [m for m in context.mentions if m.sentence_index == sentence.index]
        before = [m for m in in_sentence if m.end <= here and m.cls not in excluded]
        stop = next((t.idx + parsed.offset for t in doc[token.i + 1:] if t.text in clause_ends), sentence.end)
        after = [m for m in in_sentence if here < m.start and m.end <= stop]
        if before and after:
            facts.append(context.fact(settings, before[-1], context.lexicon.verbs[lemma], after[0], token))
    return facts


def third_person_forms(lexicon: Lexicon) -> dict[str, str]:
    """Each lexicon verb's third-person singular ("coordinates" -> "coordinate")."""
    return {_third_person(lemma): lemma for lemma in lexicon.verbs}


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"
