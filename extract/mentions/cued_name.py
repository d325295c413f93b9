"""Proper names typed by their head word, whether or not NER saw them: a run of capitalised words
(joined by "of", "for", "on", "and", "the", glued hyphens or commas) whose head word is a class cue —
"Coastal Robotics Development Plan", "Pearl River Institute for Materials and Energy", "Notice on
Improving the Review of Offshore Wind Projects". A listed name inside a longer cued name ("…
of the Ministry of Finance") is part of it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import cue_class, with_period
from .registry import MentionContext, Stage, mention_rule


def _capitalised(doc: Doc, i: int) -> bool:
    text = doc[i].text
    return text[:1].isupper() and text.replace("-", "").replace("&", "").replace(" ", "").isalnum() and not doc[i].is_punct


def _inner_list(doc: Doc, comma: int, connectors: frozenset[str], articles: frozenset[str]) -> bool:
    """A comma inside a name lists its parts ("Function, Organisational Structure and Staffing"):
    capitalised words follow it up to an "and"; a comma before a new clause, or before an article
    ("…, the Polar Station and …": a list of names), does not."""
    if comma + 1 < len(doc) and doc[comma + 1].lower_ in articles:
        return False
    for j in range(comma + 1, min(len(doc), comma + 6)):
        if doc[j].lower_ == "and":
            return j > comma + 1
        if not (_capitalised(doc, j) or doc[j].lower_ in connectors):
            return False
    return False


def _after_complement(doc: Doc, start: int, comma: int, connectors: frozenset[str], coordinators: frozenset[str],
                      articles: frozenset[str]) -> bool:
    """Whether a preposition of the name comes before the comma: a name lists parts only in its
    complement ("Department of Function, Structure and Staffing"), not "Huawei, SMIC and the …"."""
    return any(t.lower_ in connectors and t.lower_ not in coordinators and t.lower_ not in articles
               for t in doc[start:comma])


def _runs(doc: Doc, connectors: frozenset[str], coordinators: frozenset[str],
          cues: Mapping[str, str], articles: frozenset[str]) -> list[tuple[int, int]]:
    """Maximal [start, end) runs that start and end with a capitalised word and hold only
    capitalised words, connectors, glued hyphens and commas followed by a capitalised word. A
    coordinator ("and") right after a head word, or before an article, ends the run: "… Investment
    Group and the Qinghe Institute" are two names, "Ministry of Industry and Information Technology" one."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        if not _capitalised(doc, i):
            i += 1
            continue
        end = i + 1
        j = i + 1
        while j < len(doc):
            token = doc[j]
            if token.ent_type_ in ("DATE", "TIME"):  # "… Management on Tuesday"
                break
            glued_hyphen = token.text == "-" and (not doc[j - 1].whitespace_ and not token.whitespace_ or (
                j + 1 < len(doc) and doc[j + 1].lower_ in ("and", "or")))  # "Medium- and Long-Term Plan"
            comma = token.text == "," and _after_complement(doc, i, j, connectors, coordinators, articles) \
                and _inner_list(doc, j, connectors, articles)
            if _capitalised(doc, j):
                end = j + 1
            elif token.lower_ in coordinators and (doc[j - 1].text in cues or (
                    j + 1 < len(doc) and doc[j + 1].lower_ in articles)):  # "… and the Qinghe Institute"
                break
            elif not (token.lower_ in connectors or glued_hyphen or comma or
                      (doc[j - 1].text == "-" and token.is_alpha)):
                break
            j += 1
        runs.append((i, end))
        i = max(end, i + 1)
    return runs


@mention_rule("cued-name", Stage.PARSED)
def cued_names(doc: Doc, found: Sequence[Candidate], context: MentionContext,
               settings: RuleSettings) -> list[Candidate]:
    connectors = frozenset(settings.option("connectors"))
    taken = {(c.start, c.end) for c in found}
    new: list[Candidate] = []
    coordinators = frozenset(settings.option("coordinators"))
    articles = frozenset(context.lexicon.mention_words.articles)
    for start, end in _runs(doc, connectors, coordinators, context.lexicon.suffix_cues, articles):
        if doc[start].lower_ in context.lexicon.mention_words.articles:
            start += 1
        words = [t for t in doc[start:end] if t.is_alpha and t.text[:1].isupper()]
        if len(words) < settings.option("min_words") or (start, end) in taken:
            continue
        cls = cue_class(doc[start:end], context.lexicon)
        if cls is not None:
            new.append(Candidate(start, with_period(doc, end), cls, settings.name, settings.confidence, None,
                                 settings.priority))
    return new

