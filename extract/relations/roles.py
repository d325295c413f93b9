"""``person-role``: a person named with a title of an organisation — "Bai Chunli, President of the
Academy", "Academy President Bai Chunli", "the Academy's director, Tian Shihong", "Tian Shihong,
director of the agency", "…, who also serves as deputy director of Y", "X was appointed as commissioner of
Y" — heads it (``headOf``), belongs to it (``memberOf``) or founded it (``establishes``), by the title word
(``roles`` in ontology/rules.yaml: head titles, member titles, words that make a title a deputy's)."""
from __future__ import annotations

from spacy.tokens import Token

from ..model import Fact, Mention
from ..rules import RuleSettings
from .context import RelationContext
from .registry import RELATION_RULES


def _property(title: Token, settings: RuleSettings) -> str | None:
    """headOf for a head title, memberOf for a member title or a deputy's ("vice president"),
    establishes for a founder's."""
    word = title.lemma_.lower()
    modifiers = {c.lower_ for c in title.children if c.dep_ in ("amod", "compound", "advmod")}
    doc = title.doc
    if title.i >= 2 and doc[title.i - 1].text == "-" and not doc[title.i - 2].whitespace_:
        modifiers.add(doc[title.i - 2].lower_)  # "ex-commissioner", "vice-president"
    if modifiers & set(settings.option("past_words")):
        return None
    if word in settings.option("founder_titles"):
        return "establishes"
    if word in settings.option("head_titles"):
        deputy = modifiers & set(settings.option("deputy_words")) or title.lower_.startswith(tuple(
            w + "-" for w in settings.option("deputy_words")))
        return "memberOf" if deputy else "headOf"
    if word in settings.option("member_titles"):
        return "memberOf"
    return None


def _organisation_of(context: RelationContext, title: Token) -> Mention | None:
    """The organisation a title belongs to: "of/at Y" after it, "Y's" or "Y" before it; for a title
    conjoined to a description, "of Y" after the title hung on the description ("a poet and
    director of Y")."""
    children = list(title.children)
    if title.dep_ == "conj":
        children += [c for c in title.head.children if c.dep_ == "prep" and c.i > title.i]
    for child in children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at"):
            for obj in child.children:
                if obj.dep_ == "pobj" and (org := context.by_token.get(obj.i)) is not None:
                    return org
        if child.dep_ in ("poss", "compound", "nmod") and (org := context.by_token.get(child.i)) is not None:
            return org
        if child.dep_ == "poss" and child.lower_ in ("its", "their"):
            return _last_organisation_before(context, title)
    return None


def _last_organisation_before(context: RelationContext, title: Token) -> Mention | None:
    """What "its" stands for in "drafted by the bureau under its director Wang": the organisation
    named before it in the sentence, when there is exactly one; when there is none ("Its director,
    Wang, said …"), the subject of the previous sentence, when that is an organisation."""
    sentence = title.sent
    organisations = {m.key: m for t in title.doc[sentence.start:title.i] if (m := context.by_token.get(t.i)) is not None
                     and _is_organisation(context, m)}
    if organisations or sentence.start == 0:
        return next(iter(organisations.values())) if len(organisations) == 1 else None
    previous = title.doc[sentence.start - 1].sent.root
    subject = next((context.by_token.get(c.i) for c in previous.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and _is_organisation(context, subject) else None


def _is_organisation(context: RelationContext, mention: Mention) -> bool:
    return context.knowledge.top_class(mention.cls) not in ("Person", "Country", "Policy", "Concept", "Sector")


def _first_description(context: RelationContext, title: Token) -> Token:
    """The first of the descriptions a title is conjoined to, which the parse links to the person:
    "X, a poet and director of Y" (a poet); "X, one of the hosts and director of Y" (one)."""
    while title.dep_ == "conj" and title.head.i not in context.by_token:
        title = title.head
        if title.dep_ == "pobj" and title.head.lower_ == "of" and title.head.head.pos_ in ("NUM", "PRON"):
            title = title.head.head  # "one of the hosts"
    return title


def _people_with(context: RelationContext, title: Token, settings: RuleSettings) -> list[Mention]:
    """The persons a title describes: its apposition head or apposition, or the name it is compound to;
    for a title conjoined to another ("X, one of the hosts and chief engineer of Y"), the first's."""
    linked = [c for c in title.children if c.dep_ in ("appos", "compound")]
    title = _first_description(context, title)
    linked += [title.head] if title.dep_ in ("appos", "compound") else []
    if title.dep_ == "attr":  # "X is the director of Y"
        linked += [c for c in title.head.children if c.dep_ == "nsubj"]
    if title.dep_ == "attr" and title.head.dep_ == "relcl":  # "X, who is now deputy director of Y"
        linked.append(title.head.head)
    verb = title.head.head if title.dep_ == "pobj" and title.head.lower_ == "as" else title.head
    if title.dep_ in ("pobj", "oprd", "xcomp", "dobj") and verb.pos_ == "VERB" and verb is not title \
            and verb.lemma_.lower() in settings.option("appointment_verbs"):
        # "X was appointed (as) commissioner of Y", "Y named X as its director"
        linked += [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and c is not title]
    people = [context.by_token.get(t.i) for t in linked]
    return [p for p in people if p is not None and p.cls == "Person"]


@RELATION_RULES.register("person-role")
def person_role_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    facts: list[Fact] = []
    for title in context.tokens("NOUN", "PROPN"):
        if title.i in context.by_token:
            continue
        prop = _property(title, settings)
        org = _organisation_of(context, title) if prop else None
        if org is None or context.knowledge.top_class(org.cls) == "Person":
            continue
        facts += [context.fact(settings, person, prop, org, title) for person in _people_with(context, title, settings)
                  if person.key != org.key]
    return facts
