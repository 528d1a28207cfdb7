"""The ``kg`` command line: a thin layer over the library functions.

Each subcommand parses its arguments and calls one public function of the
library. Errors derived from :class:`kg.errors.KgError` are caught in
:func:`main`, printed as one ``error: ...`` line on stderr, and turned into a
non-zero exit status.

To add a subcommand, write a ``_cmd_<name>(sub)`` function that adds its parser
and sets ``func``; then list it in :data:`_COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import KgError

__all__ = ["main", "make_parser"]


def _cmd_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="extract a knowledge graph from news text")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files, folders of them, or - for stdin")
    p.add_argument("-o", "--output", required=False, help="output RDF file (format from the extension)")
    p.add_argument("--format", help="RDF format: turtle, nt, json-ld, xml, trig, nquads")
    p.add_argument("--lang", choices=["it", "en"], help="language of every document (default: detect)")
    p.add_argument("--model", action="append", default=[], metavar="[LANG=]NAME_OR_PATH",
                   help="spaCy pipeline to use, e.g. --model en=en_core_web_lg (repeatable)")
    p.add_argument("--html", metavar="OUT.html", help="also write the interactive visualisation")
    p.set_defaults(func=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from .api import build_dataset
    from .rdf import write_graph

    if not args.output and not args.html:
        raise KgError("nothing to write: give -o OUT.ttl and/or --html OUT.html")
    dataset = build_dataset(args.inputs, lang=args.lang, models=_parse_models(args.model))
    if args.output:
        write_graph(dataset, args.output, format=args.format)
    if args.html:
        from .viz import write_html

        write_html(dataset, args.html)
    return 0


def _parse_models(values: Sequence[str]) -> dict[str, str]:
    models: dict[str, str] = {}
    for value in values:
        lang, sep, name = value.partition("=")
        if sep and lang in ("it", "en"):
            models[lang] = name
        else:
            models["*"] = value
    return models


def _cmd_info(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="count entities per class and facts per relation")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_run_info)


def _run_info(args: argparse.Namespace) -> int:
    import json

    from .rdf import graph_info, load_graph

    info = graph_info(load_graph(args.graph, format=args.format))
    if args.json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return 0
    for section in ("documents", "entities", "statements"):
        print(f"{section}: {info[section]}")
    for title, key in (("class", "classes"), ("relation", "relations")):
        print()
        print(f"{title:<20} count")
        for name, count in info[key].items():
            print(f"{name:<20} {count}")
    return 0


def _cmd_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score the extractor against a gold folder (NAME.txt + NAME.gold.json)")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of NAME.txt and NAME.gold.json pairs")
    p.add_argument("--relaxed", action="store_true",
                   help="also match entities by whole-word containment (Meta ~ Meta Platforms)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--lang", choices=["it", "en"], help="score only the gold documents of this language")
    p.add_argument("--show-errors", action="store_true", help="list the missed gold triples and the false positives")
    p.set_defaults(func=_run_eval)


def _run_eval(args: argparse.Namespace) -> int:
    import json

    from .evaluate import evaluate, format_report

    report = evaluate(args.gold_dir, relaxed=args.relaxed, lang=args.lang)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report, show_errors=args.show_errors))
    return 0


_COMMANDS = [_cmd_build, _cmd_info, _cmd_eval]


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``kg`` command."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn news text into a knowledge graph with provenance.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; return its exit status."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
