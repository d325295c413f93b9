"""Facts: relations between resolved mentions, read from spaCy's dependency parse.

Each rule is a small function in its own module, registered by the name its evidence records
carry (``cikg:rule``) and configured in ``ontology/rules.yaml``:

=======================  ==================================================================
``verbs.py``             ``svo``, ``passive``, ``verb-prep``: verb clauses
``copula.py``            ``membership``, ``copula-agent``, ``copula-status``: "X is/are …"
``scope.py``             ``scope``: a policy "in sectors like A and B" targets them
``enumeration.py``       ``enumeration-member``: "firms like BYD"
``roles.py``             ``person-role``: "Bai Chunli, President of the Academy"
``possession.py``        ``organisation-part``: "the Party's United Front Work Department"
``instrument.py``        ``instrument``: "US sanctions" are issued by the US
``nominal.py``           ``nominal``: "Japan's reliance on X", "US sanctions on X"
``listing.py``           ``list-addition``: "added Huawei to the Entity List"
``dates.py``             ``date``, ``founding-date``
``issuer.py``            ``issuer``, ``issuer-projection``: once per document
=======================  ==================================================================

``arguments.py`` reads the noun phrases and subjects every rule links; ``context.py`` holds what a
rule reads (``RelationContext``) and makes its facts; ``extractor.py`` runs the rules.
"""
from ..rules import import_rule_modules
from .extractor import RelationExtractor
from .registry import RELATION_RULES

import_rule_modules(__name__, __path__)  # each rule module registers its rules

__all__ = ["RELATION_RULES", "RelationExtractor"]
