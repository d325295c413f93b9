"""Reading arguments off the parse, shared by every relation rule: the entities a noun phrase
names (with its conjuncts and listed members) and the subject a verb has or inherits."""
from __future__ import annotations

from spacy.tokens import Token

from ..knowledge import ACTOR_CLASSES, ORGANISATION_CLASSES
from ..model import Mention
from .context import RelationContext

NOMINAL_POS = ("NOUN", "PROPN")


def entities_of(context: RelationContext, token: Token, depth: int = 0, enumerate_members: bool = True) -> list[Mention]:
    """The entities a noun phrase headed by ``token`` denotes, with its conjuncts and enumerated members."""
    lexicon = context.lexicon
    found: list[Mention] = []
    mention = context.by_token.get(token.i)
    if mention is not None and (token.dep_ != "poss" or depth > 0):
        found.append(mention)
    elif token.pos_ in (*NOMINAL_POS, "PRON") and depth < 2:
        # a named modifier of an unnamed head: "disruptive innovation and technological leadership"
        found += [m for c in token.children if c.dep_ in ("nmod", "compound") and c.i < token.i
                  and (m := context.by_token.get(c.i)) is not None and c.dep_ != "poss"]
        for prep in token.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ in lexicon.transparent_preps or (
                    prep.lower_ in lexicon.transparent_head_preps and token.lemma_.lower() in lexicon.transparent_heads):
                for obj in prep.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        found += entities_of(context, obj, depth + 1)
    if depth == 0 or mention is not None:
        for conj in (*token.conjuncts, *_listed_appositions(context, token, mention)):
            if conj.i > token.i:
                found += entities_of(context, conj, depth + 1, enumerate_members=False)
    if enumerate_members:
        found += members(context, token)
    return unique(found)


def _listed_appositions(context: RelationContext, token: Token, mention: Mention | None) -> list[Token]:
    """Names the parser hangs on a name as appositions although they continue its list ("by Japan,
    the US and others"; "with DIN, ANSI and ISO, IEC"): a named apposition of the same top class,
    or an organisation beside an organisation."""
    if mention is None:
        return []
    top = context.knowledge.top_class(mention.cls)

    def continues(other: Mention) -> bool:
        other_top = context.knowledge.top_class(other.cls)
        return other_top == top or {top, other_top} <= ORGANISATION_CLASSES
    return [c for c in token.children if c.dep_ == "appos" and (m := context.by_token.get(c.i)) is not None
            and m.key != mention.key and continues(m)]


def entities_of_all(context: RelationContext, tokens: list[Token]) -> list[Mention]:
    """The entities of each noun phrase in turn (duplicates kept, as each phrase is its own argument)."""
    return [m for token in tokens for m in entities_of(context, token)]


def members(context: RelationContext, token: Token) -> list[Mention]:
    """"sectors like A, B and C" / "firms such as BYD" / "two Major Plans including X": the listed
    members of a group, kind or named family (not the sectors listed after a concept: "forces in
    sectors like A" names no members)."""
    head = context.by_token.get(token.i)
    knowledge = context.knowledge
    if head is not None and not head.plural and knowledge.top_class(head.cls) not in context.lexicon.enumeration_groups:
        return []
    return [m for m in listed(context, token) if head is None or _member_fits(context, head.cls, m.cls)]


def _member_fits(context: RelationContext, group: str, member: str) -> bool:
    group, member = context.knowledge.top_class(group), context.knowledge.top_class(member)
    return member == group or (group == "ActorGroup" and member in ACTOR_CLASSES)


def listed(context: RelationContext, token: Token) -> list[Mention]:
    """Names listed after ``token`` with an enumeration marker ("like", "including", "such as").
    A marker is matched on its last word, the preposition spaCy hangs the list on ("as")."""
    markers = {marker.split()[-1] for marker in context.lexicon.enumeration_markers}
    found: list[Mention] = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in markers:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found += [m for t in (obj, *obj.conjuncts) if (m := context.by_token.get(t.i)) is not None]
    return found


def subject_tokens(verb: Token, seen: int = 0) -> tuple[list[Token], bool]:
    """The verb's subject, inherited through control, coordination and participles; and whether
    it is the subject of a passive."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if verb.dep_ == "relcl" and subjects and all(s.tag_ in ("WDT", "WP") for s in subjects):
        subjects = []  # "that", "which", "who": the noun the clause describes is the subject
    if subjects:
        return subjects, any(c.dep_ == "nsubjpass" for c in subjects)
    if seen > 4:
        return [], False
    if _misparsed_coordinate(verb):
        return subject_tokens(verb.head.head, seen + 1)[0], False
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in NOMINAL_POS:
        head = verb.head
        if head.dep_ == "attr" and head.head.lemma_ == "be":  # "X is a plan issued by Y": X
            subjects = [c for c in head.head.children if c.dep_ == "nsubj"]
            if subjects:
                return subjects, is_passive(verb)
        if head.dep_ == "appos" and head.head.pos_ in NOMINAL_POS:  # "X, the agency that oversees Y": X
            return [head.head], is_passive(verb)
        return [head], is_passive(verb)
    if is_purpose_clause(verb) and not any(c.dep_ == "mark" for c in verb.children):
        # purpose clause of a verb whose object is an instrument: "introduced funds to support firms"
        # ("so as to", "in order to" state the subject's purpose)
        instruments = [c for c in verb.head.children if c.dep_ == "dobj"]
        if instruments:
            return instruments, False
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "ccomp") or verb.head.dep_ == "prep":
        head = verb.head
        while head.dep_ == "prep" and head.head is not head:
            head = head.head
        if head is not verb:
            subjects, passive = subject_tokens(head, seen + 1)
            return subjects, passive and verb.dep_ == "conj"
    return [], False


def is_purpose_clause(verb: Token) -> bool:
    """"(so as / in order) to <verb>" modifying another verb."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _misparsed_coordinate(verb: Token) -> bool:
    """"we launched two plans, approved 300 awards ...": a participle after a comma that has its own
    direct object cannot be a passive modifier of the object before it, so the parser has hung a
    coordinated verb on that object; its subject is the subject of the object's verb."""
    return (verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.i > 0 and verb.doc[verb.i - 1].text == ","
            and verb.head.dep_ == "dobj" and verb.head.head.pos_ == "VERB"
            and any(c.dep_ == "dobj" for c in verb.children))


def is_passive(verb: Token) -> bool:
    """A passive verb, or a participle modifying a noun ("the plan rolled out by Y", even when the
    tagger calls "rolled" a past tense: the by-agent says it is passive)."""
    if any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not any(c.dep_ == "aux" for c in verb.children)


def pobjects(token: Token, preps: list[str] | frozenset[str]) -> list[Token]:
    """The objects of ``token``'s prepositions among ``preps``: "coordinator in [Y]"."""
    return [o for p in token.children if p.dep_ == "prep" and p.lower_ in preps for o in p.children if o.dep_ == "pobj"]


def unique(mentions: list[Mention]) -> list[Mention]:
    """The mentions with the first of each entity key kept."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out
