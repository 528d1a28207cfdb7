"""Score kg on the in-domain news gold (``../shared/data/news_dev``), keeping its discipline.

The gold has 24 Italian and 24 English articles. Articles ``*_dev_01`` to
``*_dev_16`` are the development part: their errors may be read. Articles
``*_dev_17`` to ``*_dev_24`` are the check part: this script prints their
scores, never their errors, so that a rule written after reading errors is
tested on text its author has not looked at. If the check part falls more
than 0.08 below the development part, the rules fit the texts, not the
language.

The texts are copyrighted journalism for evaluation only: they are read from
``../shared`` at run time and nothing is copied.

Usage::

    python bench/eval_news_dev.py [--data ../shared/data/news_dev] [--lang it] [--errors]
                                  [--record tests/data/news_dev_scores.json] [--json] [--compare]

``--errors`` lists the misses and false positives of the development part.
``--record`` writes the F1 figures that ``tests/test_news_dev.py`` guards.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.evaluate import Score, evaluate  # noqa: E402

def _default_data() -> Path:
    """``shared/data/news_dev`` next to the checkout or to any folder above it (git worktrees live deeper)."""
    for base in REPO.parents:
        candidate = base / "shared" / "data" / "news_dev"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data" / "news_dev"


DEFAULT_DATA = _default_data()
CHECK_FROM = 17


def part(name: str) -> str:
    """``"dev"`` for articles 01-16, ``"check"`` for 17-24."""
    number = int(re.search(r"(\d+)$", name).group(1))
    return "check" if number >= CHECK_FROM else "dev"


def score_language(data: Path, lang: str) -> tuple[dict[str, Score], list, dict]:
    report = evaluate(data / lang, lang=lang)
    parts = {"all": Score(), "dev": Score(), "check": Score()}
    families: dict[str, dict[str, Score]] = {"dev": {}, "check": {}}
    errors = []
    for doc in report.documents:
        parts["all"].add(doc.score)
        parts[part(doc.name)].add(doc.score)
        for name, score in doc.by_extractor.items():
            families[part(doc.name)].setdefault(name, Score()).add(score)
        if part(doc.name) == "dev":
            errors.extend(doc.errors)
    return parts, errors, families


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--lang", choices=("it", "en"), action="append")
    p.add_argument("--errors", action="store_true", help="list the development part's errors (never the check part's)")
    p.add_argument("--record", type=Path, help="write the F1 figures to this JSON file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--families", action="store_true", help="true and false positives of each rule family, per part")
    p.add_argument("--compare", action="store_true",
                   help="also score the rules alone (KG_RELATION_MODEL=off) and print the learned scorer's gain")
    args = p.parse_args(argv)
    if not args.data.is_dir():
        print(f"error: {args.data}: no news_dev gold folder", file=sys.stderr)
        return 1
    langs = args.lang or ["it", "en"]
    results, all_errors, all_families = {}, [], {}
    started = time.perf_counter()
    for lang in langs:
        parts, errors, families = score_language(args.data, lang)
        results[lang] = {name: s.to_dict() for name, s in parts.items()}
        all_errors.extend(errors)
        all_families[lang] = families
    seconds = time.perf_counter() - started
    rules_alone = {}
    if args.compare:
        from kg.extract.learned import rules_only

        with rules_only():
            for lang in langs:
                rules_alone[lang] = {name: s.to_dict() for name, s in score_language(args.data, lang)[0].items()}
    if args.json:
        print(json.dumps(results, indent=1, sort_keys=True))
    else:
        print(f"news_dev, strict matching ({seconds:.0f} s)")
        print(f"{'':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
        for lang, parts in results.items():
            for name in ("all", "dev", "check"):
                s = parts[name]
                print(f"{lang + ' ' + name:<12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                      f"{s['tp']:5d} {s['fp']:5d} {s['fn']:5d}")
            if lang in rules_alone:
                for name in ("all", "dev", "check"):
                    r = rules_alone[lang][name]
                    print(f"{lang + ' ' + name:<12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                          f"{r['tp']:5d} {r['fp']:5d} {r['fn']:5d}  rules alone: model gain "
                          f"{parts[name]['f1'] - r['f1']:+.3f}")
            gap = parts["dev"]["f1"] - parts["check"]["f1"]
            print(f"{lang + ' gap':<12} dev - check = {gap:+.3f}{'  (> 0.08: fitting the texts?)' if gap > 0.08 else ''}")
    if args.families:
        for lang, families in all_families.items():
            print(f"\n{lang}: rule family      dev tp/fp   check tp/fp")
            for name in sorted(set(families["dev"]) | set(families["check"])):
                d, c = families["dev"].get(name, Score()), families["check"].get(name, Score())
                print(f"  {name:<22} {d.tp:4d}/{d.fp:<4d}   {c.tp:4d}/{c.fp:<4d}")
    if args.errors:
        for kind, title in (("miss", "misses"), ("false_positive", "false positives")):
            chosen = [e for e in all_errors if e.kind == kind]
            print(f"\n{title} in the development part ({len(chosen)}):")
            for e in chosen:
                print(f"  [{e.document}] {e.subject} --{e.relation}--> {e.object[:80]}")
                if e.evidence:
                    print(f"      « {' '.join(e.evidence.split())[:200]} »")
    if args.record:
        figures = {lang: round(parts["all"]["f1"], 4) for lang, parts in results.items()}
        args.record.write_text(json.dumps({"f1": figures, "tolerance": 0.02}, indent=1, sort_keys=True) + "\n")
        print(f"\nrecorded {figures} in {args.record}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
