"""Measure each rule family's precision on the development set and store it as its confidence.

    python bench/calibrate_confidence.py [--gold tests/data/gold] [--write]

Prints, per extractor, the true and false positives from ``kg eval`` and a
smoothed precision: (tp + k * prior) / (tp + fp + k), where the prior is the
rule family's default confidence in kg/extract/relations.py and k = 4 pseudo-counts, so a family seen a few times does
not jump to 0 or 1. ``--write`` stores the result in
``kg/data/confidence.json``, which the extractor reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import evaluate  # noqa: E402
from kg.extract.context import DEFAULT_CONFIDENCE as PRIORS, confidence_path  # noqa: E402

PSEUDO_COUNTS = 4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "tests" / "data" / "gold"))
    parser.add_argument("--write", action="store_true", help="store the measured confidences")
    args = parser.parse_args()
    report = evaluate(args.gold)
    measured = report.by_extractor
    print(f"{'extractor':<20} {'tp':>4} {'fp':>4} {'precision':>9} {'prior':>6} {'confidence':>10}")
    families = {}
    for name in sorted(set(PRIORS) | set(measured)):
        score = measured.get(name)
        tp, fp = (score.tp, score.fp) if score else (0, 0)
        prior = PRIORS.get(name, 0.5)
        value = round((tp + PSEUDO_COUNTS * prior) / (tp + fp + PSEUDO_COUNTS), 2)
        precision = f"{tp / (tp + fp):9.3f}" if tp + fp else f"{'-':>9}"
        print(f"{name:<20} {tp:4d} {fp:4d} {precision} {prior:6.2f} {value:10.2f}")
        families[name] = {"confidence": value, "tp": tp, "fp": fp}
    if args.write:
        data = {
            "_comment": "Confidence of each rule family: its precision on the development set "
                        "(tests/data/gold), smoothed with 4 pseudo-counts. Written by bench/calibrate_confidence.py.",
            "families": families,
        }
        confidence_path().write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {confidence_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
