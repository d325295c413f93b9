"""Figures: the numbers a sentence states about an entity, as observations (see ``observations``)."""
from .observations import FigureExtractor

__all__ = ["FigureExtractor"]
