"""Instruments a body issues without naming them: "MIIT unveiled a three-year action plan", "the
export plan rolled out by the NDRC". The description becomes a mention keyed by its issuer, so that
"the plan" later points back to it and two briefs about the same body's "three-year action plan"
meet on one node, while another body's plan of the same description stays apart."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import NameKey
from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import np_start
from .registry import MentionContext, Stage, mention_rule


@mention_rule("pattern-described-instrument", Stage.PARSED)
def described_instrument(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                         settings: RuleSettings) -> list[Candidate]:
    """A ``heads`` noun with a telling modifier (not one of ``vague_modifiers``) that an issuer
    of ``issuer_classes`` issues: the subject of an issuing verb it is the object of, or the agent
    of an issuing participle or passive ("China's innovation policy", with no issuing verb, is a
    concept, not an instrument). Issuing verbs are the lexicon's verbs and phrases of the
    ``verb_properties``."""
    heads: dict[str, str] = settings.option("heads")
    vague = settings.option("vague_modifiers")
    verbs = _issuing_verbs(context, settings.option("verb_properties"))
    issuers = [c for c in found if context.top_class(c.cls) in settings.option("issuer_classes")]
    new: list[Candidate] = []
    for token in doc:
        cls = heads.get(token.lemma_.lower()) or heads.get(token.lower_)
        if cls is None or token.pos_ != "NOUN" or token.dep_ == "compound":
            continue
        start = np_start(token, vague)
        if start == token.i or any(c.start < token.i + 1 and start < c.end for c in found):
            continue  # nothing tells it apart, or a name is part of it
        issuer = _issuer(token, verbs, issuers)
        if issuer is None:
            continue
        description = doc[start:token.i + 1]
        key = NameKey("described", description.lemma_.lower(), _issuer_name(issuer, doc))
        new.append(Candidate(start, token.i + 1, cls, settings.name, settings.confidence, key, settings.priority))
    return new


def _issuer_name(issuer: Candidate, doc: Doc) -> str:
    """The issuer's gazetteer id, else the name it will be resolved by."""
    if isinstance(issuer.key, str):
        return issuer.key
    return issuer.key.text if isinstance(issuer.key, NameKey) else issuer.name or doc[issuer.start:issuer.end].text


def _issuing_verbs(context: MentionContext, properties: Sequence[str]) -> set[tuple[str, ...]]:
    """Lemma sequences of the verbs and phrasal verbs that issue ("unveil", "roll out")."""
    lexicon = context.lexicon
    verbs = {(lemma,) for lemma, senses in lexicon.verbs.items() if senses and senses[0].property in properties}
    return verbs | {p.lemmas for p in lexicon.phrases if p.property in properties and len(p.lemmas) == 2}


def _issuer(noun: Token, verbs: set[tuple[str, ...]], issuers: list[Candidate]) -> Candidate | None:
    """The named body that issues ``noun``: "S <verb> a <noun>", "a <noun> <verb>ed by S", "the
    <noun> was <verb>ed by S"."""
    def named(token: Token | None) -> Candidate | None:
        covering = [c for c in issuers if token is not None and c.start <= token.i < c.end]
        return max(covering, key=lambda c: (c.priority, c.end - c.start), default=None)

    def issuing(verb: Token) -> bool:
        particle = next((c.lemma_.lower() for c in verb.children if c.dep_ == "prt"), None)
        return (verb.lemma_.lower(),) in verbs or (verb.lemma_.lower(), particle) in verbs

    def agent(verb: Token) -> Token | None:
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None

    verb = noun.head
    if noun.dep_ == "dobj" and verb.pos_ == "VERB" and issuing(verb):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "conj":
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        return named(subject)
    if noun.dep_ == "nsubjpass" and issuing(verb):
        return named(agent(verb))
    participle = next((c for c in noun.children if c.dep_ == "acl" and issuing(c)), None)  # often tagged VBD
    return named(agent(participle)) if participle is not None else None
