"""Reading the YAML data files: one loader, libyaml's C parser where PyYAML has it (the gazetteer
alone takes seconds with the pure-Python one), always the safe subset."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str) -> Any:
    """The document in the UTF-8 YAML file at ``path`` (None for an empty file)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)
