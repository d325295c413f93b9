"""Domain knowledge as data: the OWL ontology, SHACL shapes, gazetteer, relation lexicon and rule settings."""
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "cikg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
GAZETTEER_YAML = ONTOLOGY_DIR / "gazetteer.yaml"
LEXICON_DIR = ONTOLOGY_DIR / "lexicon"  # one <tag>.yaml per language, the schema in its README.md
LEXICON_YAML = LEXICON_DIR / "en.yaml"
RULES_YAML = ONTOLOGY_DIR / "rules.yaml"
INGEST_YAML = ONTOLOGY_DIR / "ingest.yaml"
FIGURES_YAML = ONTOLOGY_DIR / "figures.yaml"
COUNTRIES_YAML = ONTOLOGY_DIR / "countries.yaml"
