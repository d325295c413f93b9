"""The mention stage: run the enabled mention rules, stage by stage, over a section.

:meth:`MentionFinder.prepare` reads the tokens before parsing: listed names, then the acronyms the
section defines and their uses; it merges each multi-word name into one token, so the tagger and
parser read "Made in China 2025" as one noun, and keeps the names on ``doc.spans`` and the new
aliases on ``doc._.cikg_aliases``. :meth:`MentionFinder.find` reads the parsed section: names on the
parse, one choice among overlaps, enumeration members, another choice, then references back.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..knowledge import Gazetteer, Lexicon, load_class_tree
from ..model import Document, Mention, NameKey
from ..rules import RuleConfig, RuleSettings, load_rule_config
from ..sentences import ParsedSection
from .acronyms import define_acronyms, with_definitions, without_definitions
from .candidate import Candidate, is_plural, merge_names, merged_names, select
from .matchers import GazetteerMatchers
from .registry import MENTION_RULES, MentionContext, MentionRule, Stage

Aliases = Mapping[str, str | NameKey]


class MentionFinder:
    """One stage: a parsed English section in, mentions with document offsets out."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon, config: RuleConfig | None = None) -> None:
        self.words = lexicon.mention_words
        config = config or load_rule_config()
        plural_only = frozenset(config["gazetteer"].option("plural_only_classes"))
        self.context = MentionContext(nlp, gazetteer, lexicon, load_class_tree(),
                                      GazetteerMatchers(nlp, gazetteer, self.words.quotes, plural_only))
        order = list(config.rules)  # within a stage, rules run in the order rules.yaml lists them
        enabled = sorted(MENTION_RULES.enabled(config), key=lambda enabled_rule: order.index(enabled_rule[0].name))
        self.rules: dict[Stage, list[tuple[RuleSettings, MentionRule]]] = {
            stage: [(settings, rule) for settings, rule in enabled if rule.stage is stage] for stage in Stage}

    def prepare(self, text: str, aliases: Aliases) -> Doc:
        """Tokenise ``text``, find the names it gives before parsing and merge each into one token.
        ``aliases`` are the acronyms earlier sections defined."""
        doc = self.context.nlp.make_doc(text)
        listed = self._candidates(Stage.LISTED, doc, [], self.context)
        definitions = define_acronyms(doc, listed, self.context.lexicon)
        known = with_definitions(aliases, definitions)
        context = replace(self.context, aliases=known, definitions=definitions)
        names = select(self._candidates(Stage.DEFINED, doc, listed, context), doc, self.words.articles)
        merge_names(doc, names)
        doc._.cikg_aliases = {abbr: key for abbr, key in known.items() if abbr not in aliases}
        return doc

    def find(self, parsed: ParsedSection, doc_id: str, aliases: Aliases, publisher: str | None = None,
             earlier: Sequence[Mention] = ()) -> list[Mention]:
        """Mentions of one section prepared by :meth:`prepare` and parsed; ``aliases`` are all the
        acronyms the document defines, ``publisher`` the organisation its source line names, and
        ``earlier`` the mentions of the sections before, which references may point back to."""
        doc = parsed.doc
        references = replace(self.context, aliases=aliases, publisher=publisher)
        names = merged_names(doc)
        for name in names:
            if name.end - name.start == 1:
                _tag_as_noun(doc[name.start:name.end])
        found = self._candidates(Stage.PARSED, doc, names, self.context)
        chosen = select(without_definitions(found, doc, aliases), doc, self.words.articles)
        chosen = select(self._candidates(Stage.MEMBERS, doc, chosen, self.context), doc, self.words.articles)
        mentions = [_to_mention(parsed, doc_id, c) for c in chosen]
        for settings, rule in self.rules[Stage.REFERENCES]:
            mentions = _with(mentions, rule(parsed, doc_id, [*earlier, *mentions], references, settings))
        return sorted(mentions, key=lambda m: (m.start, m.end))

    def find_in_metadata(self, document: Document) -> list[Mention]:
        """Mentions of the names the title page gives (author, publisher)."""
        found: list[Mention] = []
        for settings, rule in self.rules[Stage.METADATA]:
            found += rule(document, self.context, settings)
        return found

    def _candidates(self, stage: Stage, doc: Doc, found: list[Candidate], context: MentionContext) -> list[Candidate]:
        """``found`` plus what the stage's rules add, each rule seeing the candidates before it."""
        found = list(found)
        for settings, rule in self.rules[stage]:
            found += rule(doc, found, context, settings)
        return found


def _with(mentions: list[Mention], added: list[Mention]) -> list[Mention]:
    """``mentions`` and ``added``; an added mention of exactly an earlier one's span replaces it
    (the rule knows more about what that name names: "renamed as Y" names the renamed thing)."""
    spans = {(m.start, m.end) for m in added}
    return [m for m in mentions if (m.start, m.end) not in spans] + added


def _tag_as_noun(span: Span) -> None:
    """A merged name is a noun, whatever the tagger guessed."""
    token = span[0]
    proper = token.text[:1].isupper()
    token.pos_ = "PROPN" if proper else "NOUN"
    if is_plural(span):
        token.tag_ = "NNPS" if proper else "NNS"
    else:
        token.tag_ = "NNP" if proper else "NN"


def _to_mention(parsed: ParsedSection, doc_id: str, c: Candidate) -> Mention:
    span = parsed.doc[c.start:c.end]
    return Mention(doc_id, parsed.sentence_of(c.start).index, parsed.section.lang, span.start_char + parsed.offset,
                   span.end_char + parsed.offset, span.text, c.cls, c.rule, c.confidence, c.key, is_plural(span),
                   c.name)
