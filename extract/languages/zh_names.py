"""Chinese names the gazetteer does not list, found from more than a suffix: jieba's tags (persons,
places), names in title brackets (documents, plans, laws), and organisations named before a
person's title ("用友网络董事长兼CEO王文京", "X委员、Y主任Z"), which also state how the person and
the organisation are linked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Sentence
from .candidates import Candidate, CandidateLink
from .lexicon import LanguageLexicon, Title

BRACKETED = re.compile(r"《([^《》\n]+)》")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Word:
    """A jieba word with its part-of-speech tag and document offsets."""

    start: int
    end: int
    text: str
    tag: str


@dataclass(frozen=True)
class TitleChain:
    """The titles that stand between an organisation and a person ("董事长兼CEO")."""

    start: int
    titles: tuple[Title, ...]

    @property
    def relation(self) -> str:
        """The property from the person to the organisation (its title nearest the organisation's)."""
        return self.titles[0].property

    @property
    def organisation(self) -> str | None:
        return next((t.organisation for t in self.titles if t.organisation), None)


class ChineseNames:
    """The finders; each takes a sentence (and its words) and returns candidates."""

    def __init__(self, lexicon: LanguageLexicon) -> None:
        self.lexicon = lexicon
        self.titles = sorted(lexicon.titles, key=len, reverse=True)
        self.title_classes = sorted(lexicon.title_classes, key=len, reverse=True)

    def tagged(self, words: list[Word]) -> list[Candidate]:
        """Words jieba tags as a person's name (with a surname first) or a place."""
        found = []
        for i, word in enumerate(words):
            cls = self.lexicon.tag_classes.get(word.tag)
            if cls == "Person":
                end = self._person_end(words, i)
                if end is not None:
                    found.append(Candidate(word.start, end, cls, "tag"))
            elif cls is not None and len(word.text) >= 2 and word.text not in self.lexicon.generic_places:
                found.append(Candidate(word.start, word.end, cls, "tag"))
        return found

    def _person_end(self, words: list[Word], i: int) -> int | None:
        """Where the person's name that starts at word ``i`` ends: the word itself, or, when jieba
        tagged the surname alone (张/nr 明远/a), the surname and the given name after it."""
        low, high = self.lexicon.person_length
        word = words[i]
        if word.text[0] not in self.lexicon.surnames or word.text.endswith(tuple(self.lexicon.suffix_classes)):
            return None
        if low <= len(word.text) <= high:
            return word.end
        given = words[i + 1] if len(word.text) == 1 and i + 1 < len(words) else None
        if given is not None and given.tag in self.lexicon.given_name_tags and low <= 1 + len(given.text) <= high:
            return given.end
        return None

    def bracketed(self, sentence: Sentence) -> list[Candidate]:
        """《党和国家机构改革方案》: the name inside the brackets, typed by the word it ends with."""
        found = []
        for match in BRACKETED.finditer(sentence.text):
            name = match.group(1).strip()
            suffix = next((s for s in self.title_classes if name.endswith(s) and len(name) > len(s)), None)
            if suffix is not None:
                start = sentence.start + match.start(1)
                found.append(Candidate(start, start + len(match.group(1)), self.lexicon.title_classes[suffix], "bracket"))
        return found

    def titled(self, sentence: Sentence, words: list[Word],
               chosen: list[Candidate]) -> tuple[list[Candidate], list[CandidateLink]]:
        """Organisations named before a person's title, and the person's link to each."""
        organisations: list[Candidate] = []
        links: list[CandidateLink] = []
        for person in (c for c in chosen if c.cls == "Person"):
            end = person.start
            while (chain := self._titles(sentence, end)) is not None:
                organisation = self._organisation(words, chosen, chain)
                if organisation is None:
                    break
                if organisation not in chosen:
                    organisations.append(organisation)
                links.append(CandidateLink(person, chain.relation, organisation, "title"))
                before = organisation.start - sentence.start
                if before == 0 or sentence.text[before - 1] not in self.lexicon.list_separators:
                    break
                end = organisation.start - 1
        return organisations, links

    def _titles(self, sentence: Sentence, end: int) -> TitleChain | None:
        """The titles ending at document offset ``end`` (joined by 兼), nearest the organisation first."""
        text = sentence.text[:end - sentence.start]
        titles: list[Title] = []
        while (title := next((t for t in self.titles if text.endswith(t)), None)) is not None:
            titles.insert(0, self.lexicon.titles[title])
            text = text[:-len(title)]
            joiner = next((j for j in self.lexicon.title_joiners if text.endswith(j)), None)
            if joiner is None or not any(text[:-len(joiner)].endswith(t) for t in self.titles):
                break
            text = text[:-len(joiner)]
        return TitleChain(sentence.start + len(text), tuple(titles)) if titles else None

    def _organisation(self, words: list[Word], chosen: list[Candidate], chain: TitleChain) -> Candidate | None:
        """The name ending where the titles begin: one already found (a person's name there is an
        organisation's after all: 利亚德创始人), else the nouns there, typed by the title."""
        found = next((c for c in chosen if c.end == chain.start), None)
        cls = chain.organisation
        if found is not None and found.cls != "Person":
            return found
        if found is not None:
            return Candidate(found.start, found.end, cls, "title") if cls else None
        last = next((i for i, w in enumerate(words) if w.end == chain.start), None)
        if last is None or cls is None:
            return None
        first = last
        while first > 0 and last - first < MAX_NAME_WORDS and words[first - 1].tag in self.lexicon.name_tags \
                and words[first - 1].text not in self.lexicon.title_verbs:
            first -= 1
        if chain.start - words[first].start < 2 or words[first].text in self.lexicon.title_verbs:
            return None
        return Candidate(words[first].start, chain.start, cls, "title")
