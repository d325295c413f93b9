"""What the French and Spanish readers share: sentences from a spaCy pipeline run over each
paragraph, gazetteer names, names typed by their first word ("Ministère de l'Industrie",
"Universidad de Zhejiang") and a country's instruments ("sanctions américaines").
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Document, Section, Sentence
from .candidates import Candidate, InstrumentName, instrument_name, label_candidate, paragraphs, sentence_records
from .labels import LabelMatcher, Token, tokenize
from .lexicon import LanguageLexicon, fold, singular
from .registry import ReaderContext

OPENING_QUOTES = frozenset({"«", "“", '"', "‹", "‘"})
CLOSING_QUOTES = frozenset({"»", "”", '"', "›", "’"})
from .surface import StemVerbs, SurfaceRelations


def country_adjectives(context: ReaderContext) -> frozenset[str]:
    """The one-word, lower-case labels of countries in the language ("américain", "china" is not)."""
    return frozenset(fold(label) for entry in context.gazetteer if entry.cls == "Country"
                     for label in entry.labels.get(context.words.lang, ())
                     if label.islower() and len(tokenize(label)) == 1)


@dataclass(frozen=True)
class ParsedParagraph:
    """A paragraph's spaCy Doc and the document offset it starts at."""

    offset: int
    doc: Doc


def _with_closing_quote(candidate: Candidate, text: str) -> Candidate:
    """A name that holds an opening quote ends after its closing one: "plan dit « du littoral »"."""
    inside = text[candidate.start:candidate.end]
    if not any(q in inside for q in OPENING_QUOTES) or any(q in inside for q in CLOSING_QUOTES):
        return candidate
    rest = text[candidate.end:]
    stripped = rest.lstrip()
    if stripped[:1] in CLOSING_QUOTES:
        return replace(candidate, end=candidate.end + len(rest) - len(stripped) + 1)
    return candidate


class RomanceNames:
    """Names nobody listed in French or Spanish text, typed by their first word: the cue word,
    capitalised and not opening the sentence, then words up to the end of the name (capitalised
    words and connectors). A cue the language writes in lower case (``lowercase_cues``: "ministère
    de la Défense", "administration Trump") may start a name anywhere, and a country's adjective may
    follow it ("ministère allemand de la Recherche"), when a capitalised word ends the name."""

    def __init__(self, lexicon: LanguageLexicon, adjectives: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.adjectives = adjectives

    def find(self, sentence: Sentence) -> list[Candidate]:
        tokens = tokenize(sentence.text, sentence.start)
        found = []
        for i, token in enumerate(tokens):
            folded = fold(token.text)
            cls = self.lexicon.name_cues.get(folded)
            lowercase = folded in self.lexicon.lowercase_cues and token.text.islower()
            if cls is None or not (lowercase or (i > 0 and token.text.istitle())):
                continue
            end = self._name_end(tokens, i, lowercase)
            if end > i + 1:
                found.append(Candidate(token.start, tokens[end - 1].end, cls, "cue"))
        return found

    def _name_end(self, tokens: list[Token], cue: int, lowercase: bool) -> int:
        end = cue + 1
        j = cue + 1
        while lowercase and j < len(tokens) and fold(tokens[j].text) in self.adjectives:
            j += 1
        while j < len(tokens):
            word = tokens[j].text
            if word[:1].isupper() and word.isalpha():
                end = j + 1
            elif fold(word) not in self.lexicon.name_connectors:
                break
            j += 1
        return end


class RomanceReader:
    """The parts of a French or Spanish reader that do not depend on the language's pipeline."""

    def __init__(self, context: ReaderContext, nlp: Language) -> None:
        self.context = context
        self.gazetteer = context.gazetteer
        self.words = context.words
        self.rules = context.rules
        self.nlp = nlp
        self.labels = LabelMatcher(context.gazetteer, context.words.lang)
        self.names = RomanceNames(context.words, country_adjectives(context))
        self.stems = StemVerbs(context.words)
        self.surface = SurfaceRelations(context.words, head_final=False, topic_subject=False)

    def parse(self, document: Document, section: Section) -> list[ParsedParagraph]:
        found = paragraphs(document, section)
        return [ParsedParagraph(offset, doc) for (offset, _), doc in zip(found, self.nlp.pipe(t for _, t in found))]

    @staticmethod
    def sentences(document: Document, section: Section, parsed: list[ParsedParagraph],
                  first_index: int) -> list[Sentence]:
        spans = [(p.offset + s.start_char, p.offset + s.end_char) for p in parsed for s in p.doc.sents]
        return sentence_records(document, section, spans, first_index)

    def named(self, document: Document, sentence: Sentence) -> list[Candidate]:
        """Gazetteer names, then names typed by their cue word. A cue-word name that starts with a
        listed name is that name; one that holds a listed name further in swallows it (the
        country in "ministère allemand de la Recherche")."""
        labels = [_with_closing_quote(label_candidate(h, self.gazetteer, document.text), document.text)
                  for h in self.labels.find(self._so_called_read_through(sentence.text), sentence.start)]
        names = [n for n in self.names.find(sentence) if not any(l.start == n.start for l in labels)]
        kept = [l for l in labels if not any(n.start < l.start and l.end <= n.end for n in names)]
        return kept + names

    def _so_called_read_through(self, text: str) -> str:
        """``text`` with each ``so_called`` word before an opening quote blanked (offsets kept), so
        "le plan dit « du littoral »" reads as a listed "plan du littoral"."""
        tokens = tokenize(text)
        for token, following in zip(tokens, tokens[1:]):
            if fold(token.text) in self.words.so_called and following.text in OPENING_QUOTES:
                text = text[:token.start] + " " * (token.end - token.start) + text[token.end:]
        return text

    def instruments(self, sentence: Sentence, chosen: list[Candidate]) -> list[InstrumentName]:
        """The noun with the country's adjective right after it ("sanctions américaines", one name)
        or the noun alone when the country follows a preposition ("sanciones de EE.UU.", the
        country keeps its own name)."""
        lexicon = self.words
        countries = [c for c in chosen if c.key and self.gazetteer[c.key].cls == "Country"]
        tokens = tokenize(sentence.text, sentence.start)
        found = []
        for i, token in enumerate(tokens):
            noun = lexicon.instrument_nouns.get(singular(fold(token.text), lexicon.lang))
            if noun is None or i + 1 >= len(tokens):
                continue
            j = i + 1
            adjective = True
            if fold(tokens[j].text) in lexicon.owner_prepositions:
                adjective = False
                j += 1
                while j < len(tokens) and fold(tokens[j].text) in lexicon.determiners:
                    j += 1
            if j >= len(tokens):
                continue
            country = next((c for c in countries if c.start == tokens[j].start), None)
            if country is None:
                continue
            end = country.end if adjective else token.end
            found.append(instrument_name(token.start, end, noun, country, self.gazetteer, self.context.english))
        return found
