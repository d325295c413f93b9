"""Mentions: find the spans of a parsed English section that name an entity.

Each source of mentions is one small rule in its own module, registered by name and stage
(:mod:`extract.mentions.registry`) with its settings in ``ontology/rules.yaml``: the gazetteer,
acronyms defined in the text, patterns (reforms, country instruments, documents of events, places'
organisations, demonyms), spaCy's NER typed by cue words, quoted coinages, enumeration members,
references back, and the title page's byline and series. :class:`MentionFinder` runs them.
"""
from ..rules import import_rule_modules
from .acronyms import known_aliases
from .finder import MentionFinder
from .matchers import label_variants

import_rule_modules(__name__, __path__)  # each rule module registers its rules

__all__ = ["MentionFinder", "known_aliases", "label_variants"]
