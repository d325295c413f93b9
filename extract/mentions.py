"""Mentions: find the spans of a parsed English section that name an entity.

Sources, strongest first: the gazetteer (phrase matcher over a "skeleton" of the tokens that skips
quotes, hyphens and parenthesised acronyms, so "research and development (R&D) investment
intensity" and "“chokepoint” technologies" still match), acronyms defined in the text, patterns
(reforms, country instruments, documents of events, enumerations), spaCy's NER typed by cue words,
quoted coinages, and definite descriptions or pronouns that point back to an earlier mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .knowledge import Gazetteer, Lexicon, load_class_tree
from .model import Mention
from .resolve import singular
from .sentences import ParsedSection

QUOTES = {'"', "“", "”", "'", "‘", "’", "«", "»"}
ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]*[A-Z]s?$|^[A-Z]{2,}$")
STOP_INITIALS = {"and", "of", "the", "for", "in", "on", "&", "to", "a", "an"}
NAMES = "cikg_names"  # Doc.user_data key: names found before parsing, as character spans
GENERIC_WORDS = {"sector", "sectors", "industry", "industries", "field", "fields", "area", "areas"}


def label_variants(text: str) -> set[str]:
    """Forms a label is matched in: both numbers and both -ise/-ize spellings."""
    forms = {text, re.sub(r"is(ation|e|ed|es|ing)\b", r"iz\1", text), re.sub(r"iz(ation|e|ed|es|ing)\b", r"is\1", text)}
    return {variant for form in forms for variant in plural_variants(form)}


def plural_variants(text: str) -> set[str]:
    """The label and its other number, inflecting the last word only (English heads come last)."""
    words = text.split(" ")
    last = words[-1]
    forms = {last}
    lower = last.lower()
    if lower.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif lower.endswith(("sses", "shes", "ches", "xes")):
        forms.add(last[:-2])
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(last) > 3:
        forms.add(last[:-1])
    elif lower.endswith("y") and len(last) > 3 and lower[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif lower.endswith(("s", "sh", "ch", "x")):
        forms.add(last + "es")
    elif re.search(r"[a-z]$", lower):
        forms.add(last + "s")
    return {" ".join(words[:-1] + [form]) for form in forms}


def _head_word(name: str) -> str:
    """"reform of the S&T system" -> reform; "Central Economic Work Conference" -> conference."""
    words = name.lower().split(" of ")[0].split()
    return singular(words[-1]) if words else ""


def is_plural(span: Span) -> bool:
    last = span[-1]
    if " " in last.text:  # a merged name: judge by its last word
        word = last.text.split()[-1].lower()
        return word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return last.tag_ in ("NNS", "NNPS")


@dataclass
class _Candidate:
    start: int  # token indices in the section doc
    end: int
    cls: str
    rule: str
    confidence: float
    key: str | None = None
    priority: int = 0
    name: str | None = None
    cued: bool = False  # typed by a cue word of its own name ("… Group", "Ministry of …")


class MentionFinder:
    """One stage: a parsed English section in, mentions with document offsets out."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.classes = load_class_tree()
        self.labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.context_labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in gazetteer:
            self.labels.add(entry.id, [self._pattern(v) for label in entry.labels["en"] for v in label_variants(label)])
            if entry.context_only:
                self.context_labels.add(entry.id, [self._pattern(v) for label in entry.context_only for v in label_variants(label)])
            if entry.abbr:
                self.abbreviations.add(entry.id, [nlp.make_doc(a) for a in entry.abbr])

    def _pattern(self, label: str) -> Doc:
        words = [t.text for t in self.nlp.make_doc(label) if t.text not in QUOTES and t.text != "-"]
        return Doc(self.nlp.vocab, words=words)

    # -- the stage -------------------------------------------------------------------------
    def prepare(self, text: str, aliases: dict[str, str]) -> Doc:
        """Tokenise, find the names the gazetteer and defined acronyms give, and merge each
        multi-word name into one token, so the tagger and parser read "Made in China 2025" or
        "the Ministry of Industry and Information Technology" as one noun. ``aliases``
        (abbreviation -> key) grows as acronyms are defined."""
        doc = self.nlp.make_doc(text)
        found = self._gazetteer_matches(doc)
        found += self._acronyms(doc, found, aliases)
        names = self._select(found, doc)
        doc.user_data[NAMES] = [
            (doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1]), c.cls, c.rule, c.confidence, c.key,
             c.priority, c.name)
            for c in names
        ]
        with doc.retokenize() as retokenizer:
            for c in names:
                if c.end - c.start > 1:
                    retokenizer.merge(doc[c.start:c.end])
        return doc

    def find(self, parsed: ParsedSection, doc_id: str, aliases: dict[str, str]) -> list[Mention]:
        """Mentions of one section prepared by :meth:`prepare` and parsed."""
        doc = parsed.doc
        candidates: list[_Candidate] = []
        for start, end, cls, rule, confidence, key, priority, name in doc.user_data.get(NAMES, []):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                candidates.append(_Candidate(span.start, span.end, cls, rule, confidence, key, priority, name))
                if len(span) == 1:  # a merged name is a noun, whatever the tagger guessed
                    token = span[0]
                    token.pos_ = "PROPN" if token.text[:1].isupper() else "NOUN"
                    token.tag_ = ("NNPS" if token.pos_ == "PROPN" else "NNS") if is_plural(span) else \
                        ("NNP" if token.pos_ == "PROPN" else "NN")
        candidates += self._context_matches(doc, candidates)
        candidates += self._patterns(doc, candidates)
        candidates += self._named_after_places(self._ner(doc), candidates)
        candidates += self._quoted(doc)
        # "(GHT)" right after its long form is a definition, not another mention
        defining = {t.i + 1 for t in doc if t.text == "(" and doc[t.i + 1:t.i + 2].text in aliases
                    and doc[t.i + 2:t.i + 3].text == ")"}
        candidates = [c for c in candidates if not (c.end - c.start == 1 and c.start in defining)]
        chosen = self._select(candidates, doc)
        chosen += self._enumeration_members(doc, chosen)
        chosen = self._select(chosen, doc)
        mentions = [self._to_mention(parsed, doc_id, c) for c in chosen]
        mentions += self._anaphora(parsed, doc_id, mentions)
        return sorted(mentions, key=lambda m: (m.start, m.end))

    # -- sources -----------------------------------------------------------------------------
    def _skeleton(self, doc: Doc) -> tuple[Doc, list[int]]:
        """The tokens without quotes, hyphens and "(ABBR)" groups, with a map back to ``doc``."""
        keep: list[int] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and ACRONYM.match(doc[i + 1].text):
                i += 3
                continue
            if token.text not in QUOTES and token.text != "-":
                keep.append(i)
            i += 1
        return Doc(self.nlp.vocab, words=[doc[i].text for i in keep]), keep

    def _gazetteer_matches(self, doc: Doc) -> list[_Candidate]:
        skeleton, index = self._skeleton(doc)
        found: list[_Candidate] = []
        for match_id, start, end in self.labels(skeleton):
            key = self.nlp.vocab.strings[match_id]
            if skeleton[start].lower_ == "the" and end < len(skeleton) and skeleton[end].lower_ == "of":
                continue  # "the government of Japan", "the state of the economy": not the listed one
            found.append(_Candidate(index[start], index[end - 1] + 1, self.gazetteer[key].cls, "gazetteer", 0.95, key, 3))
        for match_id, start, end in self.abbreviations(doc):
            key = self.nlp.vocab.strings[match_id]
            found.append(_Candidate(start, end, self.gazetteer[key].cls, "gazetteer-abbr", 0.9, key, 3))
        return found

    def _context_matches(self, doc: Doc, found: list[_Candidate]) -> list[_Candidate]:
        """Ambiguous labels ("space"), kept only in a sector context; needs the parse."""
        skeleton, index = self._skeleton(doc)
        matches: list[_Candidate] = []
        for match_id, start, end in self.context_labels(skeleton):
            key = self.nlp.vocab.strings[match_id]
            s, e = index[start], index[end - 1] + 1
            if self._in_class_context(doc, s, e, self.gazetteer[key].cls, found):
                matches.append(_Candidate(s, e, self.gazetteer[key].cls, "gazetteer-context", 0.8, key, 3))
        return matches

    def _in_class_context(self, doc: Doc, start: int, end: int, cls: str, found: list[_Candidate]) -> bool:
        """A weak label counts inside a list of same-class names or before a generic head ("space sector")."""
        if end < len(doc) and doc[end].lower_ in GENERIC_WORDS:
            return True
        head = doc[start:end].root
        linked = {t.i for t in head.conjuncts}
        return any(c.cls == cls and any(c.start <= i < c.end for i in linked) for c in found)

    def _acronyms(self, doc: Doc, found: list[_Candidate], aliases: dict[str, str]) -> list[_Candidate]:
        """"long form (ABBR)" defines ABBR; later uses of ABBR resolve to the long form's entity."""
        new: list[_Candidate] = []
        for token in doc:
            if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
                continue
            abbr = doc[token.i + 1]
            if not ACRONYM.match(abbr.text):
                continue
            long_start = self._long_form_start(doc, token.i, abbr.text)
            if long_start is None:
                continue
            covering = [c for c in found if c.start <= long_start < c.end or long_start <= c.start < token.i]
            key = next((c.key for c in covering if c.key and c.end in (token.i, token.i - 1)), None)
            if key is None:
                cls = next((c.cls for c in covering), "Concept")
                key = "long:" + doc[long_start:token.i].text
                new.append(_Candidate(long_start, token.i, cls, "acronym-definition", 0.8, key, 2))
            aliases.setdefault(abbr.text, key)
        for token in doc:
            key = aliases.get(token.text)
            if key and not (token.i > 0 and doc[token.i - 1].text == "(" ):
                cls = next((c.cls for c in found + new if c.key == key), "Concept")
                new.append(_Candidate(token.i, token.i + 1, cls, "acronym", 0.85, key, 2))
        return new

    @staticmethod
    def _long_form_start(doc: Doc, paren: int, abbr: str) -> int | None:
        letters = [c.lower() for c in abbr if c.isalpha()]
        if abbr.endswith("s") and len(letters) > 2:
            letters = letters[:-1]
        words: list[Token] = []
        i = paren - 1
        while i >= 0 and doc[i].text in QUOTES:
            i -= 1
        while i >= 0 and len(words) < len(letters) * 2 + 2:
            token = doc[i]
            if token.is_punct and token.text != "-":
                break
            words.insert(0, token)
            initials = [w.text[0].lower() for w in words if w.text != "-" and w.lower_ not in STOP_INITIALS]
            glued = [w for w in words if w.text != "-"]
            if initials == letters and glued[0].lower_ not in STOP_INITIALS:
                # hyphenated first word: start at its first part ("new-quality")
                start = words[0].i
                while start >= 2 and doc[start - 1].text == "-" and doc[start - 1].whitespace_ == "":
                    start -= 2
                return start
            # a hyphenated compound counts as one word for its initial
            if len(initials) > len(letters):
                merged = []
                prev_hyphen = False
                for w in words:
                    if w.text == "-":
                        prev_hyphen = True
                        continue
                    if not prev_hyphen and w.lower_ not in STOP_INITIALS:
                        merged.append(w.text[0].lower())
                    prev_hyphen = False
                if merged == letters:
                    return words[0].i
                if len(merged) > len(letters):
                    return None
            i -= 1
        return None

    def _patterns(self, doc: Doc, found: list[_Candidate]) -> list[_Candidate]:
        new: list[_Candidate] = []
        lex = self.lexicon
        # "the Third Plenum resolution document": a listed document named with a trailing "document"
        for c in found:
            if c.cls in ("PolicyDocument", "Law", "Plan") and c.end < len(doc) and doc[c.end].lower_ in lex.document_nouns:
                new.append(_Candidate(c.start, c.end + 1, c.cls, c.rule, c.confidence, c.key, c.priority + 1, c.name))
        # "Hefei National Laboratory": a place plus a capitalised singular kind is one organisation
        for c in found:
            if self.classes.get(c.cls, c.cls) != "ActorGroup" or c.start == 0 or not doc[c.start].text[:1].isupper():
                continue
            place = next((p for p in found if p.end == c.start and p.cls in ("LocalGovernment", "Country")), None)
            span = doc[place.start:c.end] if place is not None else None
            if span is not None and not is_plural(span) and (cls := self._cue_class(span)):
                new.append(_Candidate(span.start, span.end, cls, "pattern-place-organisation", 0.7, None, 4))
        for token in doc:
            # "Chinese firms": the nationality word names the country too
            if token.text in lex.demonyms and token.dep_ in ("amod", "compound", "nmod") and token.ent_type_ in ("NORP", "GPE"):
                new.append(_Candidate(token.i, token.i + 1, "Country", "demonym", 0.6, lex.demonyms[token.text], 0))
            # "the reform of the science and technology governance system"
            if token.lemma_.lower() == "reform" and token.pos_ == "NOUN":
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                if of is not None:
                    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        start = self._np_start(token)
                        end = self._np_end(obj)
                        new.append(_Candidate(start, end, "Reform", "pattern-reform", 0.75, None, 4))
            # "US sanctions", "Dutch export controls": a country's policy instrument
            cls = lex.instrument_nouns.get(token.lemma_.lower())
            if cls and token.pos_ == "NOUN":
                country = next((c for c in found if c.cls == "Country" and c.end == token.i), None)
                if country is None and token.i > 0 and doc[token.i - 1].text in lex.demonyms:
                    country = _Candidate(token.i - 1, token.i, "Country", "demonym", 0.8, lex.demonyms[doc[token.i - 1].text])
                if country is not None:
                    # the country keeps its own mention; the instrument is named after it
                    name = f"{doc[country.start:country.end].text} {token.text}"
                    new.append(_Candidate(token.i, token.i + 1, cls, "pattern-instrument", 0.8, None, 4, name))
            # "the Third Plenum resolution document", "the resolution document from the Third Plenum"
            if token.lower_ in lex.document_nouns and token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
                event = next((c for c in found if c.cls in ("Plenum", "Congress", "Conference", "Event")
                              and c.end <= token.i and c.end >= token.i - 2 and c.key), None)
                if event is None:
                    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by")), None)
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
                    if obj is not None:
                        event = next((c for c in found if c.start <= obj.i < c.end and c.key and
                                      c.cls in ("Plenum", "Congress", "Conference", "Event")), None)
                        if event is not None:
                            start = self._np_start(token, stop=token.i)
                            key = f"doc:{event.key}:{doc[start:token.i + 1].lemma_.lower()}"
                            new.append(_Candidate(start, token.i + 1, "PolicyDocument", "pattern-document", 0.75, key, 1))
                    continue
                key = f"doc:{event.key}:{doc[event.end:token.i + 1].lemma_.lower()}"
                new.append(_Candidate(event.start, token.i + 1, "PolicyDocument", "pattern-document", 0.75, key, 4))
        return new

    @staticmethod
    def _np_end(head: Token) -> int:
        """End of a noun phrase without its clauses and prepositional tails."""
        kept = [c for c in head.rights if c.dep_ in ("compound", "amod", "nmod", "nummod", "flat", "appos") and c.i == head.i + 1]
        return max([head.i + 1] + [c.right_edge.i + 1 for c in kept])

    @staticmethod
    def _np_start(head: Token, stop: int | None = None) -> int:
        lefts = [t for t in head.lefts if t.dep_ not in ("det", "poss", "predet") and (stop is None or t.i < stop)]
        start = min([head.i] + [t.left_edge.i for t in lefts])
        doc = head.doc
        while start < head.i and (doc[start].dep_ in ("det", "poss", "case") or doc[start].lower_ in ("major", "further")):
            start += 1
        return start

    def _ner(self, doc: Doc) -> list[_Candidate]:
        found: list[_Candidate] = []
        for ent in doc.ents:
            base = self.lexicon.ner_classes.get(ent.label_)
            if base is None:
                continue
            span = ent
            while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
                span = span[1:]
            while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
                span = span[:-1]
            if not any(t.is_alpha for t in span) or all(t.is_lower for t in span if t.is_alpha):
                continue
            cue = self._cue_class(span)
            confidence = 0.7 if cue or ent.label_ in ("PERSON", "GPE") else 0.5
            found.append(_Candidate(span.start, span.end, cue or base, f"ner-{ent.label_.lower()}", confidence, None, 1,
                                    cued=cue is not None))
        return found

    def _named_after_places(self, ner: list[_Candidate], listed: list[_Candidate]) -> list[_Candidate]:
        """"Hefei Industrial Investment Group" is a firm, not the city Hefei followed by words: an
        organisation name typed by its head word outranks a listed place it starts with."""
        places = [c for c in listed if self.classes.get(c.cls, c.cls) in ("Country", "GovernmentBody")
                  and c.cls in ("Country", "LocalGovernment")]
        for c in ner:
            if c.cued and any(p.start == c.start and p.end < c.end for p in places):
                c.priority = 4
        return ner

    def _cue_class(self, span: Span) -> str | None:
        """The class the head word gives: the last word, or the word before "of"
        ("Ministry of Industry and Information Technology" is a ministry, not a technology)."""
        words = [w.rstrip(".") for w in span.text.split() if any(c.isalnum() for c in w)]
        if not words:
            return None
        head = words[:words.index("of")] if "of" in words[1:] else words
        return self.lexicon.suffix_cues.get(head[-1]) or self.lexicon.prefix_cues.get(words[0])

    def _quoted(self, doc: Doc) -> list[_Candidate]:
        """Coinages in quotes (“new-quality productive forces”) name concepts."""
        found: list[_Candidate] = []
        opens = [t.i for t in doc if t.text in ("“", '"')]
        for start in opens:
            end = next((t.i for t in doc[start + 1:start + 8] if t.text in ("”", '"')), None)
            if end is None or end - start < 2:
                continue
            inner = doc[start + 1:end]
            if any(t.pos_ == "VERB" for t in inner) or not any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in inner):
                continue
            # a quoted modifier ("chokepoint" technologies) belongs to the noun after it
            stop = end + 1
            if end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN" and doc[end].head.i != doc[end].i:
                stop = end + 2
            found.append(_Candidate(start + 1, stop if stop > end + 1 else end, "Concept", "quoted-term", 0.6, None, 0))
        return found

    # -- choosing among overlaps ----------------------------------------------------------------
    @staticmethod
    def _select(candidates: list[_Candidate], doc: Doc | None = None) -> list[_Candidate]:
        """Non-overlapping candidates: strongest source, then most content words, then leftmost
        ("the State Council" is the council, not "the state" + "Council")."""
        def content(c: _Candidate) -> int:
            return sum(1 for t in doc[c.start:c.end] if t.lower_ not in ("the", "a", "an")) if doc is not None else c.end - c.start
        ranked = sorted(candidates, key=lambda c: (-c.priority, -content(c), -(c.end - c.start), c.start))
        taken: set[int] = set()
        chosen: list[_Candidate] = []
        for c in ranked:
            span = set(range(c.start, c.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    def _enumeration_members(self, doc: Doc, chosen: list[_Candidate]) -> list[_Candidate]:
        """"sectors like A, B and C": unnamed members take the class of the head noun."""
        new: list[_Candidate] = list(chosen)
        covered = {i for c in chosen for i in range(c.start, c.end)}
        for token in doc:
            cls = self.lexicon.enumeration_heads.get(token.lemma_.lower())
            if cls is None or token.pos_ != "NOUN":
                continue
            for marker in token.children:
                if marker.dep_ != "prep" or marker.lower_ not in ("like", "including", "as"):
                    continue
                objects = [c for c in marker.children if c.dep_ == "pobj"]
                for obj in list(objects):
                    objects += list(obj.conjuncts)
                for obj in objects:
                    start = min(t.i for t in obj.subtree if t.dep_ not in ("cc", "conj", "punct", "det") or t.i == obj.i)
                    end = obj.i + 1
                    if obj.pos_ not in ("NOUN", "PROPN") or any(i in covered for i in range(start, end)):
                        continue
                    start = min(i for i in range(start, end) if not doc[i].is_punct) if start < end else obj.i
                    new.append(_Candidate(start, end, cls, "enumeration", 0.6, None, 0))
                    covered |= set(range(start, end))
        return new

    # -- into records -------------------------------------------------------------------------
    def _to_mention(self, parsed: ParsedSection, doc_id: str, c: _Candidate) -> Mention:
        span = parsed.doc[c.start:c.end]
        start = span.start_char + parsed.offset
        end = span.end_char + parsed.offset
        sentence = parsed.sentence_of(c.start)
        return Mention(doc_id, sentence.index, parsed.section.lang, start, end, span.text, c.cls, c.rule,
                       c.confidence, c.key, is_plural(span), c.name)

    def _anaphora(self, parsed: ParsedSection, doc_id: str, mentions: list[Mention]) -> list[Mention]:
        """"The conference", "this approach", "the country's", "it": the last fitting earlier mention."""
        doc = parsed.doc
        lex = self.lexicon
        covered = {t.i for m in mentions if (s := parsed.span_of(m.start, m.end)) is not None for t in s}
        new: list[Mention] = []
        for token in doc:
            if token.i in covered or token.pos_ not in ("NOUN", "PRON"):
                continue
            antecedent: Mention | None = None
            if token.pos_ == "NOUN":
                det = [c for c in token.lefts if c.lower_ in lex.anaphoric_determiners]
                lefts = [c for c in token.lefts]
                if not det or any(c.i not in (d.i for d in det) and c.dep_ not in ("amod",) for c in lefts):
                    continue
                if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights):
                    continue  # "the role of ..." is not a reference back
                head = token.lemma_.lower()
                here = token.idx + parsed.offset
                earlier = [m for m in mentions + new if m.end <= here]
                if head in lex.anaphoric_words:
                    antecedent = next((m for m in reversed(earlier)
                                       if _head_word(m.name or m.text) == head and m.rule != "anaphora"), None)
                if antecedent is None and head in lex.anaphoric_classes:
                    wanted = lex.anaphoric_classes[head]
                    antecedent = next((m for m in reversed(earlier)
                                       if wanted in (m.cls, self.classes.get(m.cls))), None)
                start = det[0].i
            elif token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass"):
                antecedent = self._pronoun_antecedent(parsed, token, mentions + new)
                start = token.i
            else:
                continue
            if antecedent is None:
                continue
            span = doc[start:token.i + 1]
            sentence = parsed.sentence_of(token.i)
            key = antecedent.key or f"ref:{antecedent.text}"
            new.append(replace(antecedent, key=key, sentence_index=sentence.index, start=span.start_char + parsed.offset,
                               end=span.end_char + parsed.offset, text=span.text, rule="anaphora",
                               confidence=min(antecedent.confidence, 0.7), plural=is_plural(span)))
        return new

    def _pronoun_antecedent(self, parsed: ParsedSection, pronoun: Token, mentions: list[Mention]) -> Mention | None:
        """"it": the last singular name before it in its sentence, else the previous sentence's subject."""
        sentence = parsed.sentence_of(pronoun.i)
        here = pronoun.idx + parsed.offset
        same = next((m for m in reversed(mentions) if sentence.start <= m.start and m.end <= here
                     and not m.plural and self._not_possessor(parsed, m)), None)
        if same is not None:
            return same
        previous = sorted((m for m in mentions if m.sentence_index == sentence.index - 1 and not m.plural),
                          key=lambda m: m.start)
        for mention in previous:
            span = parsed.span_of(mention.start, mention.end)
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return mention
        return None

    @staticmethod
    def _not_possessor(parsed: ParsedSection, mention: Mention) -> bool:
        span = parsed.span_of(mention.start, mention.end)
        return span is None or span.root.dep_ != "poss"
