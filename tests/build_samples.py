"""Small corpora for build tests: the bundled briefs plus generated ones with a title page and figures."""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.graph.build import sample_corpus

BRIEF = """\
{title}

{author}

EAI Background Brief No. {number}

Date of Publication: {day} March 2024

Executive Summary

1. The Ministry of Science and Technology announced new funding for {sector} research in {year}.
{firm} and Tsinghua University set up a joint laboratory in Shenzhen to develop {sector}.
2. China's R&D investment intensity reached {pct}% in {year}, according to the National Bureau of Statistics.
{surname} said the Made in China 2025 plan supports {firm}.
"""
SECTORS = ("semiconductors", "artificial intelligence", "biomedicine", "aerospace", "quantum computing")
FIRMS = ("Huawei", "BYD", "SMIC", "Baidu", "Alibaba")
AUTHORS = ("CHEN Gang", "LIU Yang", "ZHAO Lei", "WANG Min", "SUN Hui")


def write_brief(folder: Path, index: int) -> Path:
    """``folder/extra-NN.txt``: a short brief whose names and figures depend on ``index``."""
    folder.mkdir(parents=True, exist_ok=True)
    author = AUTHORS[index % len(AUTHORS)]
    text = BRIEF.format(title=f"CHINA'S {SECTORS[index % 5].upper()} POLICY IN {2019 + index}", author=author,
                        number=1800 + index, day=1 + index, sector=SECTORS[index % 5], year=2019 + index,
                        firm=FIRMS[index % 5], pct=f"2.{index}", surname=author.split()[0].title())
    path = folder / f"extra-{index:02d}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def make_corpus(folder: Path, extra: int = 2) -> Path:
    """The two bundled briefs and ``extra`` generated ones."""
    shutil.copytree(sample_corpus(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for index in range(extra):
        write_brief(folder, index)
    return folder
