"""Entity resolution: give every mention the key of one real-world entity.

Keys are derived from content alone (a gazetteer id, or the normalised name), so documents can be
resolved independently, in any order or process, and merged by key: the same name always lands on
the same IRI. Within a document, surnames link to the full name seen earlier ("Yin Hejun … Yin"),
an unlisted organisation's short form to the one longer name it ends ("计算所" after "中科院计算所",
"Academy of Harbour Sciences" after "Chinese Academy of Harbour Sciences"), and a listed short name
that also begins another body's name of the document to the body its sentence describes.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace


from .keys import slug
from .knowledge import ORGANISATION_CLASSES, Gazetteer, load_class_tree
from .model import Entity, Mention, NameKey, Sentence

LEADING = re.compile(r"^(?:the|a|an|this|these|that|those|its|their|our|his|her)\s+", re.IGNORECASE)
QUOTE_CHARS = "\"“”‘’'«»"


def clean_surface(text: str) -> str:
    """The name as it should be shown: no determiner, quotes, possessive or stray spaces."""
    text = text.strip().strip(QUOTE_CHARS + " ,;:")
    if text.endswith(".") and "." not in text[:-1]:  # a full stop, not the end of "U.S." or "EE.UU."
        text = text[:-1]
    for quote in QUOTE_CHARS:
        text = text.replace(quote, "") if quote not in "'’" else text
    text = re.sub(r"[’']s$", "", text)
    while True:
        stripped = LEADING.sub("", text)
        if stripped == text:
            break
        text = stripped
    return re.sub(r"\s+", " ", text).strip()


def singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_key(text: str) -> str:
    """The key of a name nobody listed: case-, number- and punctuation-insensitive."""
    name = clean_surface(text).replace("-", " ")
    words = name.split()
    if words and not words[-1].isupper():
        words[-1] = singular(words[-1])
    return slug(" ".join(words))


class EntityResolver:
    """One stage: a document's mentions in, mentions with keys and the entities they name out."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_name = {name_key(label): entry.id for entry in gazetteer for label in entry.labels["en"]}

    def resolve(self, mentions: list[Mention], sentences: list[Sentence] = ()) -> tuple[list[Mention], dict[str, Entity]]:
        persons = self._person_keys(mentions)
        short_forms = self._short_forms(mentions) | self._person_named(mentions, persons)
        shared = self._shared_short_names(mentions, {s.index: s for s in sentences})
        keyed: list[Mention] = []
        for mention in mentions:
            if (mention.start, mention.end) in shared:
                keyed.append(replace(mention, key=shared[(mention.start, mention.end)]))
                continue
            if mention.text in persons and not (mention.key and mention.key in self.gazetteer):
                # "Bai" after "Bai Chunli" is the person, whatever class NER guessed for the lone word
                keyed.append(replace(mention, key=persons[mention.text], cls="Person"))
                continue
            if mention.key is None and (mention.name or mention.text) in short_forms:
                keyed.append(replace(mention, key=short_forms[mention.name or mention.text]))
                continue
            key = self._key(mention, persons)
            if key:
                keyed.append(replace(mention, key=key))
        named = {m.key for m in keyed if not m.reference}
        keyed = [m for m in keyed if m.key in named]  # a reference whose antecedent resolved elsewhere names nothing
        return keyed, self._entities(keyed)

    def _key(self, mention: Mention, persons: dict[str, str]) -> str:
        key = mention.key
        if key and key in self.gazetteer:
            return key
        if isinstance(key, NameKey) and key.kind == "document":
            return self.document_key(key)
        if isinstance(key, NameKey) and key.kind == "described":
            issuer = key.event if key.event in self.gazetteer else self._by_name(key.event or "")
            return slug(f"{issuer} {key.text}")
        if isinstance(key, NameKey):
            return key.text if key.text in self.gazetteer else self._by_name(key.text)
        if mention.cls == "Person":
            return persons.get(mention.text, name_key(mention.text))
        return self._by_name(mention.name or mention.text)

    def _by_name(self, name: str) -> str:
        """A listed entity when the name is one of its labels, else the name's own key."""
        key = name_key(name)
        return self.by_name.get(key, key)

    def document_key(self, key: NameKey) -> str:
        """A document of an event -> the listed document called "<event> <noun>", e.g. the Third
        Plenum's resolution, else a key made of both."""
        event, noun = key.event, key.text
        entry = self.gazetteer.entries.get(event)
        for label in entry.labels["en"] if entry else ():
            for name in (f"{label} {noun}", f"{noun} of the {label}", f"{label} {noun.split()[0]}"):
                if name_key(name) in self.by_name:
                    return self.by_name[name_key(name)]
        return slug(f"{event} {noun}")

    def _person_keys(self, mentions: list[Mention]) -> dict[str, str]:
        """Map a lone surname or given name (of any guessed class) to the one full name of a person it
        abbreviates in this document."""
        full = [(m.text, m.key if m.key and m.key in self.gazetteer else name_key(m.text))
                for m in mentions if m.cls == "Person" and len(m.text.split()) > 1]
        keys: dict[str, str] = {}
        for mention in mentions:
            if len(mention.text.split()) > 1 or not mention.text[:1].isupper():
                continue
            owners = {key for name, key in full if mention.text.lower() in name.lower().split()}
            if len(owners) == 1:
                keys[mention.text] = owners.pop()
        return keys

    def _short_forms(self, mentions: list[Mention]) -> dict[str, str]:
        """An unlisted organisation name -> the key of the one longer organisation name of the
        document that ends with it (by characters in Chinese, by two words or more elsewhere)."""
        names = {(m.name or m.text): m for m in _bodies(mentions)}
        forms: dict[str, str] = {}
        for name, mention in names.items():
            if mention.key is not None or self._by_name(name) in self.gazetteer:
                continue
            longer = [m for other, m in names.items() if other != name and _ends_with(other, name, mention.lang)]
            if len(longer) == 1:
                forms[name] = self._key(longer[0], {})
        return forms

    def _shared_short_names(self, mentions: list[Mention], sentences: dict[int, Sentence]) -> dict[tuple[int, int], str]:
        """Listed short names the document also uses to begin another body's name ("联想" beside
        "联想控股" and "联想集团", "Legend" beside "Legend Holdings") are ambiguous there: such a mention
        goes to the one longer name whose other words its sentence repeats ("an investment holding
        company, Legend" -> Legend Holdings), else it stays with the listing. Mention span -> key."""
        bodies = _bodies(mentions)
        keys = {(m.name or m.text): self._key(m, {}) for m in bodies}
        chosen: dict[tuple[int, int], str] = {}
        for mention in bodies:
            listed, name, sentence = mention.key, mention.name or mention.text, sentences.get(mention.sentence_index)
            if not (isinstance(listed, str) and listed in self.gazetteer) or sentence is None:
                continue
            longer = {other: key for other, key in keys.items() if _begins_with(other, name, mention.lang)}
            if all(key == listed for key in longer.values()):
                continue
            masked = _masked(sentence, [m for m in mentions if m.sentence_index == mention.sentence_index])
            described = {key for other, key in longer.items() if _repeats(masked, other[len(name):], mention.lang)}
            if len(described) == 1 and described != {listed}:
                chosen[(mention.start, mention.end)] = described.pop()
        return chosen

    def _person_named(self, mentions: list[Mention], persons: dict[str, str]) -> dict[str, str]:
        """An unlisted organisation named after a person of the document (by full name or one of its
        words) -> a key made of the person and the name's other words, so that "administration
        Trump" and "l'administration de Donald Trump" are one body (small lower-case words such as
        "de", "of", "the" left out)."""
        full = {m.text: self._key(m, persons) for m in mentions if m.cls == "Person" and len(m.text.split()) > 1}
        forms: dict[str, str] = {}
        for mention in _bodies(mentions):
            name = mention.name or mention.text
            if mention.key is not None or self._by_name(name) in self.gazetteer:
                continue
            person = next(((n, k) for n, k in full.items() if n in name), None)
            person = person or next(((w, k) for w in name.split() for n, k in full.items()
                                     if w[:1].isupper() and w in n.split()), None)
            if person is None:
                continue
            rest = [w for w in name.replace(person[0], " ").split() if w[:1].isupper() or len(w) > 3]
            if rest:
                forms[name] = f"{name_key(' '.join(rest))}_{person[1]}"
        return forms

    def _entities(self, mentions: list[Mention]) -> dict[str, Entity]:
        by_key: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_key[mention.key].append(mention)
        named_as: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            if not mention.reference:
                named_as[clean_surface(mention.name or mention.text).lower()].add(mention.key)
        return {key: self._entity(key, group, named_as) for key, group in by_key.items()}

    def _entity(self, key: str, group: list[Mention], named_as: dict[str, set[str]]) -> Entity:
        """``named_as``: the keys the document gives each name (lower case); a listed label it gives
        only to other entities does not name this one here (a short name two bodies share)."""
        entry = self.gazetteer.entries.get(key)
        if entry is not None:
            entity = Entity(key=key, cls=entry.cls, label=entry.label)
            for lang, labels in entry.labels.items():
                for label in labels:
                    if key in named_as.get(label.lower(), {key}):
                        entity.add_label(lang, label)
        else:
            votes: Counter[str] = Counter()
            for m in group:
                votes[m.cls] += m.confidence
            cls = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            named = [m for m in group if not m.reference] or group[:1]
            # show the English name when there is one; else the name as written most often (the fuller
            # one on a tie), in its language
            shown = [m for m in named if m.lang == "en"] or named
            counts = Counter((clean_surface(m.name or m.text), m.lang) for m in shown)
            label, lang = sorted(counts, key=lambda n: (-counts[n], -sum(c.isupper() for c in n[0]), -len(n[0]), n))[0]
            entity = Entity(key=key, cls=cls, label=label)
            entity.add_label(lang, label)
        for m in group:
            entity.documents.add(m.doc_id)
            if not m.reference and m.rule not in ("acronym", "demonym"):
                surface = clean_surface(m.name or m.text)
                if surface and surface.lower() != entity.label.lower():
                    entity.add_label(m.lang, surface)
        return entity


def _bodies(mentions: list[Mention]) -> list[Mention]:
    """The mentions that name an organisation (not references back)."""
    tree = load_class_tree()
    return [m for m in mentions if not m.reference and m.cls != "Person" and tree.get(m.cls, m.cls) in ORGANISATION_CLASSES]


def _begins_with(longer: str, short: str, lang: str) -> bool:
    """Whether ``longer`` begins with ``short`` as a name part (by characters in Chinese, by whole
    words elsewhere) and says more."""
    if lang.startswith("zh"):
        return longer.startswith(short) and len(longer) > len(short)
    words, long_words = short.lower().split(), longer.lower().split()
    return len(long_words) > len(words) and long_words[:len(words)] == words


def _masked(sentence: Sentence, mentions: list[Mention]) -> str:
    """The sentence with its mentions blanked out: what it says besides the names."""
    chars = list(sentence.text)
    for m in mentions:
        for i in range(max(m.start - sentence.start, 0), min(m.end - sentence.start, len(chars))):
            chars[i] = " "
    return "".join(chars).lower()


def _repeats(text: str, rest: str, lang: str) -> bool:
    """Whether ``text`` repeats what a longer name adds to a short one: its characters in Chinese, each
    of its words (singular, as a word start) elsewhere."""
    if lang.startswith("zh"):
        return bool(rest.strip()) and rest.strip() in text
    words = [singular(w).lower() for w in rest.split() if len(w) > 2]
    return bool(words) and all(re.search(rf"\b{re.escape(w)}", text) for w in words)


def _ends_with(longer: str, short: str, lang: str) -> bool:
    """Whether ``longer`` ends with ``short`` as a name part: three characters or more in Chinese,
    two whole words or more elsewhere."""
    if lang.startswith("zh"):
        return len(short) >= 3 and longer.endswith(short) and len(longer) > len(short)
    words, long_words = short.lower().split(), longer.lower().split()
    return len(words) >= 2 and len(long_words) > len(words) and long_words[-len(words):] == words
