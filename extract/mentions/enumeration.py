"""Members of an enumeration nobody listed: in "sectors like A, B and C" or "the areas of A, B and
C" each of A, B and C is a sector (the class the lexicon's ``enumeration_heads`` gives the head noun)."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("enumeration", Stage.MEMBERS)
def enumeration_members(doc: Doc, chosen: Sequence[Candidate], context: MentionContext,
                        settings: RuleSettings) -> list[Candidate]:
    """The uncovered nominal objects (and their conjuncts) of a ``markers`` preposition after a head noun."""
    markers = settings.option("markers")
    list_preps = settings.option("list_preps")
    covered = {i for c in chosen for i in range(c.start, c.end)}
    new: list[Candidate] = []
    for token in doc:
        cls = context.lexicon.enumeration_heads.get(token.lemma_.lower())
        if cls is None or token.pos_ != "NOUN":
            continue
        for marker in token.children:
            if marker.dep_ != "prep" or marker.lower_ not in (*markers, *list_preps):
                continue
            objects = [c for c in marker.children if c.dep_ == "pobj"]
            for obj in list(objects):
                objects += list(obj.conjuncts)
            if marker.lower_ in list_preps and (len(objects) < 2 or token.tag_ != "NNS"):
                continue  # "areas of A, B and C" lists members; "the area of concern" does not
            for obj in objects:
                start = min(t.i for t in obj.subtree if t.dep_ not in ("cc", "conj", "punct", "det") or t.i == obj.i)
                end = obj.i + 1
                if obj.pos_ not in ("NOUN", "PROPN") or any(i in covered for i in range(start, end)):
                    continue
                start = min((i for i in range(start, end) if not doc[i].is_punct), default=obj.i)
                start, end = _whole_compound(doc, start, end)
                if not any(t.is_alpha for t in doc[start:end]) or any(i in covered for i in range(start, end)):
                    continue
                new.append(Candidate(start, end, cls, settings.name, settings.confidence, None, settings.priority))
                covered |= set(range(start, end))
    return new


def _whole_compound(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) over hyphens written without spaces: "bio-agriculture" is one member,
    not "-" or "agriculture"."""
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return start, end
