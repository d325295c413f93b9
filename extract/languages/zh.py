"""Chinese sections: sentences, mentions and facts without a parser.

Sentences end at 。！？； (``sentence_ends`` in ``ontology/lexicon/zh.yaml``). Gazetteer names are
found by longest match over the characters (no segmentation needed), but a name of one or two
characters must also be a whole jieba word, so 国家 is not found inside 发达国家. Organisations
nobody listed are found from their suffix (部, 委员会, 局, 院, 所, 公司, 集团, 大学, 基金 …) on a
jieba noun, extended left over the nouns of its name. Facts come from word order
(:class:`~extract.languages.surface.SurfaceRelations`): "X推动Y", "X受Y制约", and lists "A、B和C等领域".
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..model import Document, Mention, NameKey, Section, Sentence
from .candidates import (
    Candidate, InstrumentName, SentenceIndex, choose, instrument_name, label_candidate, paragraphs, sentence_records,
    to_mentions, uncovered,
)
from .facts import FactMaker, linked_facts
from .labels import HAN, LabelHit, LabelMatcher
from .registry import ReaderContext, SectionReading, register_reader
from .surface import SurfaceRelations, VerbHit
from .zh_dates import action_dates
from .zh_names import ChineseNames, Word

NOUN_TAGS = frozenset({"n", "nt", "nz", "ng", "j", "l", "nr", "ns", "nrt", "vn", "eng"})
ORGANISATION_TAGS = frozenset({"n", "nt", "nz", "ng", "j"})
SHORT_NAME = 2  # names of this many Han characters or fewer must be whole jieba words
MAX_NAME_WORDS = 6
HAN_CHAR = re.compile(f"[{HAN}]")


@lru_cache(maxsize=1)
def load_segmenter() -> Any:
    """jieba's part-of-speech segmenter, initialised once (its dictionary ships with the package)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@register_reader("zh")
class ChineseReader:
    """One stage: a Chinese section in, its sentences, mentions and facts out."""

    def __init__(self, context: ReaderContext) -> None:
        self.context = context
        self.gazetteer = context.gazetteer
        self.words = context.words
        self.rules = context.rules
        self.segmenter = load_segmenter()
        self.labels = LabelMatcher(context.gazetteer, "zh")
        self.suffixes = sorted(context.words.suffix_classes, key=len, reverse=True)
        self.surface = SurfaceRelations(context.words, head_final=True, topic_subject=True)
        self.names = ChineseNames(context.words)
        self.places = {label: entry.id for entry in context.gazetteer for label in entry.labels.get("zh", ())
                       if entry.cls in context.words.place_classes}

    def read(self, document: Document, section: Section, first_sentence_index: int) -> SectionReading:
        spans = self._sentence_spans(document, section)
        reading = SectionReading(sentence_records(document, section, spans, first_sentence_index))
        index = SentenceIndex(reading.sentences)
        maker = FactMaker(self.gazetteer, index, self.rules)
        for sentence in reading.sentences:
            words = self.segment(sentence)
            found, parents = self._names(document, sentence, words)
            organisations, titles = self.names.titled(sentence, words, found)
            found = self._listed_places(sentence, choose(found + organisations, self.rules))
            found += self._enumeration_members(words, found)
            found += self._references(sentence, words, found, reading.mentions)
            instruments = self._instruments(sentence, found)
            named = found + parents + [i.instrument for i in instruments]
            local = [replace(m, reference=True) if m.rule == self.rules.name("anaphora") else m
                     for m in to_mentions(document, section, index, self.rules, named)]
            reading.facts += linked_facts([i.link for i in instruments] + titles, local, maker)
            verbs = self._verbs(words, named)
            reading.facts += self.surface.facts(sentence.text, sentence.start, local, verbs, maker)
            reading.facts += action_dates(sentence.text, sentence.start, local, verbs, maker, document.metadata.published)
            reading.mentions += local
        return reading

    # -- sentences and words ---------------------------------------------------------------------
    def _sentence_spans(self, document: Document, section: Section) -> list[tuple[int, int]]:
        ends = "".join(re.escape(e) for e in self.words.sentence_ends)
        spans = []
        for offset, text in paragraphs(document, section):
            spans += [(offset + m.start(), offset + m.end()) for m in re.finditer(f"[^{ends}]+[{ends}]*", text)]
        return spans

    def segment(self, sentence: Sentence) -> list[Word]:
        words, at = [], sentence.start
        for pair in self.segmenter.cut(sentence.text):
            words.append(Word(at, at + len(pair.word), pair.word, pair.flag))
            at += len(pair.word)
        return words

    # -- mentions --------------------------------------------------------------------------------
    def _names(self, document: Document, sentence: Sentence,
               words: list[Word]) -> tuple[list[Candidate], list[Candidate]]:
        """Gazetteer names, suffix-typed organisations, bracketed documents and tagged names, and
        apart from them the parents named inside organisations. An organisation swallows the names
        that only modify it (韩国 in 韩国科学技术信息通信部) but not one it ends with; its parent
        (中科院 in 中科院计算所) stays a mention of its own; a bracketed title swallows every name in it."""
        starts, ends = {w.start for w in words}, {w.end for w in words}
        hits = [h for h in self.labels.find(sentence.text, sentence.start) if self._whole(h, sentence, starts, ends)]
        labels = [label_candidate(h, self.gazetteer, document.text) for h in hits]
        organisations = [o for o in self._organisations(words)
                         if not any(l.end == o.end and l.start >= o.start for l in labels)]
        titles = [b for b in self.names.bracketed(sentence) if not any(l.span == b.span for l in labels)]
        inside = [l for l in labels if any(o.start <= l.start and l.end < o.end for o in organisations + titles)]
        parents = [l for l in inside if l.cls in self.words.parent_classes
                   and any(o.start == l.start and l.end < o.end for o in organisations)]
        kept = [l for l in labels if l not in inside]
        return choose(kept + organisations + titles + self.names.tagged(words), self.rules), parents

    def _references(self, sentence: Sentence, words: list[Word], found: list[Candidate],
                    earlier: list[Mention]) -> list[Candidate]:
        """"该计划", "此委员会": a determiner of ``anaphoric_determiners`` and the noun after it name the
        last name before them that ends with that noun, or that the noun's suffix class types (the
        same entity); none when no name fits."""
        made: list[Candidate] = []
        for word in words[1:]:
            at = word.start - sentence.start
            determiner = next((d for d in self.words.anaphoric_determiners if sentence.text.endswith(d, 0, at)), None)
            if determiner is None or word.tag not in NOUN_TAGS or not uncovered(word.start, word.end, found):
                continue
            start, cls = word.start - len(determiner), self.words.suffix_classes.get(word.text)

            named = [Candidate(m.start, m.end, m.cls, m.rule, m.key, m.name or m.text) for m in earlier
                     if not m.reference]
            named += [replace(c, name=c.name or sentence.text[c.start - sentence.start:c.end - sentence.start])
                      for c in found if c.end <= start]
            antecedent = next((c for c in reversed(named) if c.name.endswith(word.text) or c.cls == cls), None)
            if antecedent is not None:
                listed = isinstance(antecedent.key, str) and antecedent.key in self.gazetteer
                key = antecedent.key if listed else NameKey("ref", antecedent.name)
                made.append(Candidate(start, word.end, antecedent.cls, "anaphora", key))
        return made

    def _listed_places(self, sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
        """A listed name that, written with a place suffix, is a place's label (北京 → 北京市) and that
        stands in a list next to another place (北京、上海和深圳) names that place, whatever the
        gazetteer lists under the bare word (北京 for the state, as translations use it)."""
        joins = {*self.words.list_separators, *self.words.coordinators}

        def beside_place(candidate: Candidate) -> bool:
            for other in found:
                a, b = (other, candidate) if other.end <= candidate.start else (candidate, other)
                gap = sentence.text[a.end - sentence.start:b.start - sentence.start]
                if other is not candidate and other.cls in self.words.place_classes and gap in joins:
                    return True
            return False
        text = sentence.text
        chosen = []
        for c in found:
            name = text[c.start - sentence.start:c.end - sentence.start]
            place = next((self.places[name + s] for s in self.words.place_suffixes if name + s in self.places), None)
            if place is not None and c.key != place and c.cls not in self.words.place_classes and beside_place(c):
                c = replace(c, key=place, cls=self.gazetteer[place].cls)
            chosen.append(c)
        return chosen

    @staticmethod
    def _whole(hit: LabelHit, sentence: Sentence, starts: set[int], ends: set[int]) -> bool:
        text = sentence.text[hit.start - sentence.start:hit.end - sentence.start]
        short = len(HAN_CHAR.findall(text)) <= SHORT_NAME and HAN_CHAR.search(text) is not None
        return not short or (hit.start in starts and hit.end in ends)

    def _organisations(self, words: list[Word]) -> list[Candidate]:
        """Names ending in an organisation suffix, which may span the last two words (研究/中心)."""
        found = []
        for i, word in enumerate(words):
            ending = (words[i - 1].text if i else "") + word.text
            suffix = next((s for s in self.suffixes if ending.endswith(s)), None)
            if suffix is None or word.tag not in ORGANISATION_TAGS:
                continue
            first = self._name_start(words, i)
            name = "".join(w.text for w in words[first:i + 1])
            if len(name) >= len(suffix) + 2 and not name.endswith(self.words.not_names):
                found.append(Candidate(words[first].start, word.end, self.words.suffix_classes[suffix], "suffix"))
        return found

    def _name_start(self, words: list[Word], last: int) -> int:
        """The first word of the name ending at ``last``: nouns (and verbs inside names, 创新 in
        科技创新局) back to the nearest other word, relation verb or list word; never a verb first."""
        first = last
        while (first > 0 and last - first < MAX_NAME_WORDS and words[first - 1].tag in self.words.name_tags
               and words[first - 1].text not in self.words.verbs and words[first - 1].text not in self.words.coordinators):
            first -= 1
        while first < last and words[first].tag == "v":
            first += 1
        return first

    def _enumeration_members(self, words: list[Word], found: list[Candidate]) -> list[Candidate]:
        """"A、B和C等高科技领域": listed items nobody named take the class of the head word."""
        members: list[Candidate] = []
        for i, word in enumerate(words):
            if word.text not in self.words.enumeration_markers:
                continue
            cls = self._head_class(words[i + 1:i + 4])
            if cls is None:
                continue
            for start, end in self._list_items(words[:i]):
                if uncovered(start, end, found + members):
                    members.append(Candidate(start, end, cls, "enumeration"))
        return members

    def _head_class(self, following: list[Word]) -> str | None:
        """The class of the list's head noun: the first word after 等 that ends in a head (产业 in
        新兴产业), reached over nouns only."""
        for word in following:
            head = next((h for h in self.words.enumeration_heads if word.text.endswith(h)), None)
            if head is not None:
                return self.words.enumeration_heads[head]
            if word.tag not in NOUN_TAGS:
                return None
        return None

    def _list_items(self, before: list[Word]) -> list[tuple[int, int]]:
        """The items of the list that ends at the end of ``before``, last first."""
        items: list[tuple[int, int]] = []
        j = len(before)
        while j > 0:
            k = j
            while k > 0 and before[k - 1].tag in NOUN_TAGS and j - k < 4:
                k -= 1
            if k == j:
                break
            items.append((before[k].start, before[j - 1].end))
            if k == 0 or before[k - 1].text not in self.words.coordinators:
                break
            j = k - 1
        return items if len(items) > 1 else []

    def _instruments(self, sentence: Sentence, found: list[Candidate]) -> list[InstrumentName]:
        """"美国的制裁", "美国制裁": the noun after a country (and 的) is the country's instrument."""
        names: list[InstrumentName] = []
        for country in (c for c in found if isinstance(c.key, str) and c.key in self.gazetteer
                        and self.gazetteer[c.key].cls == "Country"):
            rest = sentence.text[country.end - sentence.start:]
            skip = next((len(p) for p in self.words.possessive if rest.startswith(p)), 0)
            noun = next((n for n in self.words.instrument_nouns if rest[skip:].startswith(n)), None)
            if noun is None:
                continue
            start = country.end + skip
            if uncovered(start, start + len(noun), found):
                names.append(instrument_name(start, start + len(noun), self.words.instrument_nouns[noun], country,
                                             self.gazetteer, self.context.english))
        return names

    # -- relation words ----------------------------------------------------------------------------
    def _verbs(self, words: list[Word], found: list[Candidate]) -> list[VerbHit]:
        """Lexicon verbs used as predicates: whole jieba words outside any name and not next to 的
        (jieba's tags miss many verbs, but "发布的决议" is a modifier and "外国供应商的垄断" a noun)."""
        hits = []
        for i, word in enumerate(words):
            sense = self.words.verbs.get(word.text)
            neighbours = {w.text for w in words[max(0, i - 1):i + 2:2]}
            if sense and not neighbours & self.words.possessive and uncovered(word.start, word.end, found):
                hits.append(VerbHit(word.start, word.end, sense.property, sense.inverse))
        return hits
