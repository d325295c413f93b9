"""``co-mention``: the weak ``relatedTo`` link between two entities of one sentence that no asserted
fact links — in every language, after the typed facts are checked and thresholded, so a pair whose
typed fact was too unsure to assert keeps this link instead."""
from __future__ import annotations

from collections.abc import Iterable

from .model import Evidence, Fact, Mention, Sentence
from .rules import RuleSettings


def co_mention_facts(mentions: Iterable[Mention], sentences: Iterable[Sentence], asserted: Iterable[Fact],
                     settings: RuleSettings) -> list[Fact]:
    """One link per unlinked pair of a sentence. A sentence naming more than ``max_entities``
    entities (a run-on list, a table read as text) links only its first ones, so the cost of a
    sentence stays bounded whatever the input."""
    limit = int(settings.option("max_entities"))
    linked = {frozenset((f.subject, f.object)) for f in asserted if isinstance(f.object, str)}
    by_sentence: dict[tuple[str, int], list[str]] = {}
    for mention in sorted(mentions, key=lambda m: (m.doc_id, m.sentence_index, m.start)):
        keys = by_sentence.setdefault((mention.doc_id, mention.sentence_index), [])
        if isinstance(mention.key, str) and mention.key not in keys and len(keys) < limit:
            keys.append(mention.key)
    where = {(s.doc_id, s.index): s for s in sentences}
    weak: list[Fact] = []
    for place, keys in sorted(by_sentence.items()):
        sentence = where.get(place)
        if sentence is None:
            continue
        ordered = sorted(keys)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if frozenset((a, b)) in linked:
                    continue
                linked.add(frozenset((a, b)))
                evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                                    settings.name, settings.confidence)
                weak.append(Fact(a, "relatedTo", b, [evidence]))
    return weak
