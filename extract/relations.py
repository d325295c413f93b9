"""Facts: relations between resolved mentions, read from spaCy's dependency parse.

Rules, each named in the evidence it leaves: subject-verb-object (``svo``), passives with or
without "by" (``passive``), verbs that take their object through a preposition (``verb-prep``),
nominalisations such as "reliance on X" or "US sanctions on X" (``nominal``), copulas ("X is a
coordinator in Y", "X are among Y", "X are global market leaders"), enumerations ("firms like
BYD"), scope ("forces in high-tech sectors like A and B"), dates of events and foundings, and a weak
``co-mention`` link for entities of one sentence that no rule linked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from .knowledge import ACTOR_CLASSES, Gazetteer, Lexicon, load_class_tree
from .model import Evidence, Fact, LiteralValue, Mention
from .sentences import ParsedSection

POLICY_LIKE = {"Policy", "Strategy", "Plan", "Program", "Law", "Fund", "Reform", "Sanction", "Approach", "Concept",
               "Technology", "PolicyDocument"}
EVENT_CLASSES = {"Event", "Plenum", "Congress", "Conference"}
TRANSPARENT_ALWAYS = {"of", "under"}
TRANSPARENT_HEADS = {"actor", "player", "stakeholder", "participant", "member", "part"}
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
ISSUER_PROPERTIES = {"emphasizes", "supports", "promotes", "targets"}

CONFIDENCE = {"svo": 0.8, "passive": 0.75, "verb-prep": 0.75, "nominal": 0.65, "nominal-focus": 0.45,
              "copula-agent": 0.7, "copula-status": 0.6, "membership": 0.65, "enumeration-member": 0.7,
              "scope": 0.65, "date": 0.8, "founding-date": 0.8, "instrument": 0.8, "issuer": 0.75,
              "issuer-projection": 0.55, "surface-verb": 0.5, "co-mention": 0.3}


@dataclass
class _Sentence:
    """What the rules need while reading one parsed section."""

    parsed: ParsedSection
    by_token: dict[int, Mention]


def date_literal(text: str) -> LiteralValue | None:
    """"December 2023" -> gYearMonth 2023-12; "2023" -> gYear; "23 February 2024" -> date."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    year = next((w for w in words if YEAR.fullmatch(w)), None)
    if year is None:
        return None
    month = next((MONTHS[w.lower()] for w in words if w.lower() in MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month and day:
        return LiteralValue(f"{year}-{month:02d}-{day:02d}", "date")
    if month:
        return LiteralValue(f"{year}-{month:02d}", "gYearMonth")
    return LiteralValue(year, "gYear")


class RelationExtractor:
    """One stage: a parsed section and its resolved mentions in, facts with evidence out."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.classes = load_class_tree()
        self.verb_forms = {form: lemma for lemma in lexicon.verbs for form in _third_person(lemma)}
        self.country_names = {
            name.lower(): entry.id
            for entry in gazetteer if entry.cls == "Country"
            for name in (*entry.labels["en"], *entry.abbr)
        }

    def extract(self, parsed: ParsedSection, mentions: list[Mention], focus_country: str | None) -> list[Fact]:
        by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = parsed.span_of(mention.start, mention.end)
            if span is not None:
                for token in span:
                    by_token.setdefault(token.i, mention)
        state = _Sentence(parsed, by_token)
        facts: list[Fact] = []
        for token in parsed.doc:
            if token.pos_ in ("VERB", "AUX"):
                facts += self._verb_facts(state, token)
            if token.pos_ in ("NOUN", "PROPN"):
                facts += self._noun_facts(state, token, focus_country)
        facts += self._surface_verb_facts(state, mentions)
        facts += self._date_facts(state, mentions)
        facts += self._co_mentions(state, mentions, facts)
        return facts

    # -- arguments -----------------------------------------------------------------------------
    def _args(self, state: _Sentence, token: Token, depth: int = 0, enumerate_members: bool = True) -> list[Mention]:
        """The entities a noun phrase headed by ``token`` denotes, with its conjuncts and enumerated members."""
        found: list[Mention] = []
        mention = state.by_token.get(token.i)
        if mention is not None and (token.dep_ != "poss" or depth > 0):
            found.append(mention)
        elif token.pos_ in ("NOUN", "PROPN", "PRON") and depth < 2:
            # a named modifier of an unnamed head: "disruptive innovation and technological leadership"
            found += [m for c in token.children if c.dep_ in ("nmod", "compound") and c.i < token.i
                      and (m := state.by_token.get(c.i)) is not None and c.dep_ != "poss"]
            for prep in token.children:
                if prep.dep_ != "prep":
                    continue
                if prep.lower_ in TRANSPARENT_ALWAYS or (prep.lower_ in ("in", "among") and token.lemma_.lower() in TRANSPARENT_HEADS):
                    for obj in prep.children:
                        if obj.dep_ in ("pobj", "pcomp"):
                            found += self._args(state, obj, depth + 1)
        if depth == 0 or mention is not None:
            for conj in token.conjuncts:
                if conj.i > token.i:
                    found += self._args(state, conj, depth + 1, enumerate_members=False)
        if enumerate_members:
            found += self._members(state, token)
        return _unique(found)

    def _members(self, state: _Sentence, token: Token) -> list[Mention]:
        """"sectors like A, B and C" / "firms such as BYD": the listed members of a group or kind
        (not the sectors listed after a concept: "forces in sectors like A" names no members)."""
        head = state.by_token.get(token.i)
        if head is not None and not self._can_have_members(head.cls):
            return []
        return [m for m in _listed(state, token) if head is None or self._member_fits(head.cls, m.cls)]

    def _can_have_members(self, cls: str) -> bool:
        return self.classes.get(cls, cls) in ("ActorGroup", "Sector", "Country")

    def _member_fits(self, group: str, member: str) -> bool:
        group, member = self.classes.get(group, group), self.classes.get(member, member)
        return member == group or (group == "ActorGroup" and member in ACTOR_CLASSES)

    def _subject_tokens(self, verb: Token, seen: int = 0) -> tuple[list[Token], bool]:
        """The verb's subject, inherited through control, coordination and participles."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            return subjects, any(c.dep_ == "nsubjpass" for c in subjects)
        if seen > 4:
            return [], False
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            head = verb.head
            if head.dep_ == "attr" and head.head.lemma_ == "be":  # "X is a plan issued by Y": X
                subjects = [c for c in head.head.children if c.dep_ == "nsubj"]
                if subjects:
                    return subjects, _is_passive(verb)
            return [head], _is_passive(verb)
        if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # purpose clause of a verb whose object is an instrument: "introduced funds to support firms"
            instruments = [c for c in verb.head.children if c.dep_ == "dobj"]
            if instruments:
                return instruments, False
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "ccomp") or verb.head.dep_ == "prep":
            head = verb.head
            while head.dep_ == "prep" and head.head is not head:
                head = head.head
            if head is not verb:
                subjects, passive = self._subject_tokens(head, seen + 1)
                return subjects, passive and verb.dep_ == "conj"
        return [], False

    # -- verbs ---------------------------------------------------------------------------------
    def _verb_facts(self, state: _Sentence, verb: Token) -> list[Fact]:
        lemma = verb.lemma_.lower()
        if lemma == "be":
            return self._copula_facts(state, verb)
        facts: list[Fact] = []
        passive = _is_passive(verb)
        subject_tokens, _ = self._subject_tokens(verb)
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        agents += [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "due"
                   for t in c.children for o in ([t] if t.dep_ == "pobj" else t.children) if o.dep_ == "pobj"]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
        prop = self.lexicon.verbs.get(lemma)
        rule = "passive" if passive else "svo"
        inverse = False
        for phrase in self.lexicon.phrases:
            if phrase.lemmas[0] == lemma and self._phrase_objects(verb, phrase.lemmas[1:]):
                prop, rule, inverse = phrase.property, "verb-prep", phrase.inverse
                objects = self._phrase_objects(verb, phrase.lemmas[1:])
        patient_subject = False
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            entry = self.lexicon.verb_prep(lemma, prep.lower_)
            if entry is not None:
                prop, rule, patient_subject = entry.property, "verb-prep", entry.patient_is_subject
                objects = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
        if prop is None:
            return facts
        if passive and not patient_subject:
            patients = subject_tokens if verb.dep_ != "advcl" or subject_tokens else self._clause_objects(verb.head)
            if not any(c.dep_ == "nsubjpass" for c in verb.children) and verb.dep_ == "advcl":
                patients = self._clause_objects(verb.head)
                agents += [o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "by")
                           for o in c.children if o.dep_ == "pobj"]
            subjects = [m for a in agents for m in self._args(state, a)]
            targets = [m for p in patients for m in self._args(state, p)]
        else:
            subjects = [m for s in subject_tokens for m in self._args(state, s)]
            targets = [m for o in objects for m in self._args(state, o)]
            if not targets:
                targets = [m for o in objects if o.dep_ == "pcomp" for d in o.children if d.dep_ == "dobj"
                           for m in self._args(state, d)]
        if lemma in self.lexicon.founding_verbs and (passive or verb.dep_ == "acl"):
            return facts  # "X established in 2023" dates X (see _date_facts), it does not found anything
        if inverse:  # "X receives support from Y": Y supports X
            subjects, targets = targets, subjects
        return [self._fact(state, s, prop, o, rule, verb) for s in subjects for o in targets if s.key != o.key]

    @staticmethod
    def _phrase_objects(verb: Token, rest: tuple[str, ...]) -> list[Token]:
        """Objects of "pose risks to X" / "set up X": follow the phrase's words down the tree."""
        frontier = [verb]
        for word in rest:
            nxt = [c for t in {verb, *frontier} for c in t.children if c.lemma_.lower() == word and c.dep_ in
                   ("dobj", "prep", "prt", "pobj")]
            if not nxt:
                return []
            frontier = nxt
        last = frontier[-1]
        if last.dep_ == "prt":
            return [c for c in verb.children if c.dep_ == "dobj"]
        return [c for c in last.children if c.dep_ in ("pobj", "dobj")]

    @staticmethod
    def _clause_objects(verb: Token) -> list[Token]:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for xcomp in (c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"):
            objects += [c for c in xcomp.children if c.dep_ == "dobj"]
        return objects

    def _copula_facts(self, state: _Sentence, verb: Token) -> list[Fact]:
        subjects = [m for s in verb.children if s.dep_ == "nsubj" for m in self._args(state, s)]
        if not subjects:
            return []
        facts: list[Fact] = []
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.lexicon.membership_preps):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                facts += [self._fact(state, s, "partOf", o, "membership", verb)
                          for s in subjects for o in self._args(state, obj) if s.key != o.key]
        for attr in (c for c in verb.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")):
            named = self._args(state, attr)
            if named:
                facts += [self._fact(state, s, "memberOf", o, "membership", verb) for s in subjects for o in named
                          if s.key != o.key]
                continue
            prop = self.lexicon.agent_nouns.get(attr.lemma_.lower())
            objects = [m for p in attr.children if p.dep_ == "prep" and p.lower_ in ("in", "of", "for")
                       for o in p.children if o.dep_ == "pobj" for m in self._args(state, o)]
            if prop and objects:
                facts += [self._fact(state, s, prop, o, "copula-agent", verb) for s in subjects for o in objects
                          if s.key != o.key]
            else:
                words = [t for t in attr.subtree if t.i <= attr.i and t.dep_ not in ("det", "poss", "advmod")]
                if words:
                    status = LiteralValue(" ".join(t.text for t in words), "string")
                    facts += [self._fact(state, s, "status", status, "copula-status", verb) for s in subjects]
        return facts

    # -- nouns ---------------------------------------------------------------------------------
    def _noun_facts(self, state: _Sentence, noun: Token, focus_country: str | None) -> list[Fact]:
        facts: list[Fact] = []
        mention = state.by_token.get(noun.i)
        # "the whole-of-nation approach ... in high-tech sectors like A and B": a policy's scope
        if mention is not None and mention.cls in POLICY_LIKE and noun.dep_ != "compound":
            holders = [noun]
            if noun.dep_ == "pobj" and noun.head.dep_ == "agent":  # "… anchored by X in sectors like A"
                holders.append(noun.head.head)
            for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "in"):
                sectors = [m for o in prep.children if o.dep_ == "pobj" for m in self._args(state, o) if m.cls == "Sector"]
                if sectors:
                    sectors += [m for m in _listed(state, noun) if m.cls == "Sector"]
                    facts += [self._fact(state, mention, "targets", s, "scope", noun) for s in _unique(sectors)
                              if s.key != mention.key]
        # "firms like BYD": BYD is one of the firms
        if mention is not None:
            for member in self._members(state, noun):
                if member.key != mention.key and member.cls != "Sector":
                    facts.append(self._fact(state, member, "memberOf", mention, "enumeration-member", noun))
        # "US sanctions": the country applies the instrument
        if mention is not None and mention.rule == "pattern-instrument":
            agents, _ = self._noun_agents(state, noun)
            facts += [self._fact(state, agent, "issues", mention, "instrument", noun) for agent in agents]
        # "reliance on foreign firms", "US sanctions on Chinese firms"
        relation = self.lexicon.nouns.get(noun.lemma_.lower())
        if relation is None:
            return facts
        objects: list[Mention] = []
        demonym_targets: list[str] = []
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in relation.preps):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                objects += self._args(state, obj)
                demonym_targets += [self.lexicon.demonyms[t.text] for t in obj.subtree
                                    if t.dep_ in ("amod", "compound") and t.text in self.lexicon.demonyms]
                for t in (obj, *obj.conjuncts):  # a merged name that starts with one: "Chinese firms"
                    first = t.text.split()[0]
                    if " " in t.text and first in self.lexicon.demonyms:
                        demonym_targets.append(self.lexicon.demonyms[first])
        if not objects:
            return facts
        agents, rule = self._noun_agents(state, noun)
        if not agents and focus_country:
            agents, rule = [focus_country], "nominal-focus"
        for agent in agents:
            for obj in objects:
                if agent != obj.key:
                    facts.append(self._fact(state, agent, relation.property, obj, rule, noun))
            for country in demonym_targets:
                if country != agent:
                    facts.append(self._fact(state, agent, relation.property, country, rule, noun))
        return facts

    def _noun_agents(self, state: _Sentence, noun: Token) -> tuple[list[str], str]:
        """Who relies, funds or sanctions: a possessor or modifier, else the subject of a light verb
        ("the government augmented funding for R&D")."""
        agents: list[str] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "nmod", "amod"):
                mention = state.by_token.get(child.i)
                if mention is not None and mention.cls not in POLICY_LIKE:
                    agents.append(mention.key)
                elif child.text.lower() in self.country_names:
                    agents.append(self.country_names[child.text.lower()])
                elif child.text in self.lexicon.demonyms:
                    agents.append(self.lexicon.demonyms[child.text])
        if not agents and noun.dep_ == "dobj":
            subjects, passive = self._subject_tokens(noun.head)
            if not passive:
                agents = [m.key for s in subjects for m in self._args(state, s)]
        return _unique_keys(agents), "nominal"

    def _surface_verb_facts(self, state: _Sentence, mentions: list[Mention]) -> list[Fact]:
        """A lexicon verb the tagger took for a noun ("… established in 2023 coordinates various
        actors …"): link the nearest name before it to the first name after it in the clause."""
        facts: list[Fact] = []
        doc = state.parsed.doc
        for token in doc:
            lemma = self.verb_forms.get(token.lower_)
            if lemma is None or token.pos_ in ("VERB", "AUX") or token.i + 1 >= len(doc):
                continue
            if not (doc[token.i - 1].like_num or doc[token.i - 1].i in state.by_token) or \
                    doc[token.i + 1].pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
                continue
            sentence = state.parsed.sentence_of(token.i)
            here = token.idx + state.parsed.offset
            before = [m for m in mentions if m.sentence_index == sentence.index and m.end <= here
                      and m.cls not in ("Indicator",)]
            after = [m for m in mentions if m.sentence_index == sentence.index and m.start > here]
            stop = next((t.idx + state.parsed.offset for t in doc[token.i + 1:] if t.text in (";", ",", ".")), sentence.end)
            after = [m for m in after if m.end <= stop]
            if before and after:
                facts.append(self._fact(state, before[-1], self.lexicon.verbs[lemma], after[0], "surface-verb", token))
        return facts

    # -- dates ---------------------------------------------------------------------------------
    def _date_facts(self, state: _Sentence, mentions: list[Mention]) -> list[Fact]:
        """"The Central Economic Work Conference in December 2023", "X established in 2023"."""
        doc = state.parsed.doc
        facts: list[Fact] = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            value = date_literal(ent.text)
            if value is None:
                continue
            prep = doc[ent.start - 1] if ent.start > 0 else None
            if prep is None or prep.lower_ not in ("in", "on", "of"):
                continue
            governor = prep.head
            # the date right after an event's name dates the event, wherever the parser hung it
            before = state.by_token.get(prep.i - 1) if prep.i == ent.start - 1 else None
            mention = before if before is not None else state.by_token.get(governor.i)
            founded = self._founded_before(state, prep)
            if mention is not None and mention.cls in EVENT_CLASSES:
                facts.append(self._fact(state, mention, "date", value, "date", prep))
            elif founded is not None:
                year = LiteralValue(value.value[:4], "gYear")
                facts.append(self._fact(state, founded, "establishedIn", year, "founding-date", prep))
            elif governor.lemma_.lower() in self.lexicon.founding_verbs and governor.pos_ == "VERB":
                subjects, _ = self._subject_tokens(governor)
                if governor.dep_ != "acl" and not _is_passive(governor):
                    subjects = [c for c in governor.children if c.dep_ == "dobj"]
                year = LiteralValue(value.value[:4], "gYear")
                facts += [self._fact(state, m, "establishedIn", year, "founding-date", governor)
                          for s in subjects for m in self._args(state, s)]
        return facts

    def _founded_before(self, state: _Sentence, prep: Token) -> Mention | None:
        """"X established in 2023", "X was set up in 2018": the name right before the founding verb."""
        doc = prep.doc
        i = prep.i - 1
        if i >= 0 and doc[i].lower_ == "up":
            i -= 1
        if i < 1 or doc[i].lemma_.lower() not in self.lexicon.founding_verbs or doc[i].tag_ not in ("VBN", "VBD"):
            return None
        j = i - 1
        if doc[j].lemma_ == "be":
            j -= 1
        return state.by_token.get(j) if j >= 0 else None

    # -- the weak link -------------------------------------------------------------------------
    def _co_mentions(self, state: _Sentence, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
        linked = {frozenset((f.subject, f.object)) for f in facts if isinstance(f.object, str)}
        by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        weak: list[Fact] = []
        for group in by_sentence.values():
            keys = sorted({m.key for m in group})
            first = {m.key: m for m in reversed(group)}
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if frozenset((a, b)) in linked:
                        continue
                    linked.add(frozenset((a, b)))
                    anchor = state.parsed.span_of(first[a].start, first[a].end)
                    weak.append(self._fact(state, a, "relatedTo", b, "co-mention", anchor.root if anchor else None,
                                           sentence_of=first[a]))
        return weak

    # -- records -------------------------------------------------------------------------------
    def _fact(self, state: _Sentence, subject: Mention | str, prop: str, obj: Mention | str | LiteralValue,
              rule: str, anchor: Token | None, sentence_of: Mention | None = None) -> Fact:
        subject_key = subject.key if isinstance(subject, Mention) else subject
        object_value = obj.key if isinstance(obj, Mention) else obj
        if anchor is not None:
            sentence = state.parsed.sentence_of(anchor.i)
        else:
            sentence = next(s for s in state.parsed.sentences if s.index == sentence_of.sentence_index)
        evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end, rule,
                            CONFIDENCE[rule])
        return Fact(subject_key, prop, object_value, [evidence])


def issuer_facts(facts: list[Fact], issued_by: dict[str, str]) -> list[Fact]:
    """What a document emphasises, its issuing body or event emphasises too (lower confidence)."""
    projected: list[Fact] = []
    for fact in facts:
        issuer = issued_by.get(fact.subject)
        if issuer and fact.predicate in ISSUER_PROPERTIES and fact.object != issuer:
            evidence = [Evidence(e.doc_id, e.lang, e.sentence, e.start, e.end, "issuer-projection",
                                 CONFIDENCE["issuer-projection"]) for e in fact.evidence]
            projected.append(Fact(issuer, fact.predicate, fact.object, evidence))
    return projected


def _listed(state: _Sentence, token: Token) -> list[Mention]:
    """Names listed after ``token`` with "like", "including" or "such as"."""
    listed: list[Mention] = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("like", "including", "as"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    listed += [m for t in (obj, *obj.conjuncts) if (m := state.by_token.get(t.i)) is not None]
    return listed


def _third_person(lemma: str) -> set[str]:
    if lemma.endswith(("s", "sh", "ch", "x")):
        return {lemma + "es"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma[:-1] + "ies"}
    return {lemma + "s"}


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not any(c.dep_ == "aux" for c in verb.children)


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def _unique_keys(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))
