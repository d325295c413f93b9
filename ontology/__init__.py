"""Domain knowledge as data: the OWL ontology, SHACL shapes, gazetteer and relation lexicon."""
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "cikg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
GAZETTEER_YAML = ONTOLOGY_DIR / "gazetteer.yaml"
LEXICON_YAML = ONTOLOGY_DIR / "lexicon.yaml"
