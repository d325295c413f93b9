"""How each coarse ontology class looks, in the HTML graph and in the analysis charts alike.

One table, so that a government body is the same red dot on the page, in the legend and in the
PNG charts. Actors are dots (coloured by kind of actor); the other top classes get their own shape.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassStyle:
    """The look of one coarse class: colour, vis-network shape and the label shown in the legend."""

    cls: str
    label: str
    color: str
    shape: str
    marker: str  # the matplotlib marker closest to ``shape``


STYLES: tuple[ClassStyle, ...] = (
    ClassStyle("GovernmentBody", "government body", "#d62728", "dot", "o"),
    ClassStyle("Enterprise", "enterprise", "#1f77b4", "dot", "o"),
    ClassStyle("ResearchOrganization", "research organisation", "#2ca02c", "dot", "o"),
    ClassStyle("InternationalOrganization", "international organisation", "#9467bd", "dot", "o"),
    ClassStyle("Country", "country", "#ff7f0e", "dot", "o"),
    ClassStyle("Person", "person", "#8c564b", "dot", "o"),
    ClassStyle("ActorGroup", "group of actors", "#e377c2", "dot", "o"),
    ClassStyle("Actor", "actor (other)", "#7f7f7f", "dot", "o"),
    ClassStyle("Event", "event", "#bcbd22", "diamond", "D"),
    ClassStyle("Policy", "policy", "#17becf", "square", "s"),
    ClassStyle("Concept", "concept", "#393b79", "triangle", "^"),
    ClassStyle("Sector", "sector", "#637939", "hexagon", "h"),
    ClassStyle("Indicator", "indicator", "#8c6d31", "star", "*"),
    ClassStyle("Document", "document", "#843c39", "triangleDown", "v"),
)
_BY_CLASS = {style.cls: style for style in STYLES}
UNKNOWN_COLOR = "#aaaaaa"

# Links: typed facts are solid and labelled; the weak co-mention link (cikg:relatedTo) is light.
FACT_EDGE_COLOR = "#555555"
RELATED_EDGE_COLOR = "#c8c8c8"


def style_for(cls: str) -> ClassStyle:
    """The style of a coarse class; a class the table does not know is grey, labelled by its name."""
    return _BY_CLASS.get(cls) or ClassStyle(cls, cls, UNKNOWN_COLOR, "dot", "o")


def legend(classes: set[str]) -> list[ClassStyle]:
    """Styles of the classes present, in table order (unknown classes last, by name)."""
    known = [style for style in STYLES if style.cls in classes]
    unknown = [style_for(cls) for cls in sorted(classes - set(_BY_CLASS))]
    return known + unknown
