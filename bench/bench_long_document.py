"""Peak memory and time of ``kg build`` on one very long document.

Makes a text of ``--mb`` megabytes by repeating the paragraphs of the seed
article (``examples/``), writes it to a temporary folder, runs ``kg build`` on
it in a child process (``-o`` Turtle by default, ``--store`` with
``--store``) and prints the child's peak resident memory (``ru_maxrss``), the
wall time and what the build found. Long documents are parsed in windows of
paragraphs (``kg/windows.py``); ``--window`` changes the window size.

    python bench/bench_long_document.py --mb 5
    python bench/bench_long_document.py --mb 1 --window 50000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_4f1d2f5fb92fcf2d.txt"

CHILD = """
import sys
import kg.windows
if {window} is not None:
    kg.windows.WINDOW_CHARS = {window}
from kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def make_text(megabytes: float) -> str:
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    target = int(megabytes * 1_000_000)
    parts, size, i = [], 0, 0
    while size < target:
        paragraph = paragraphs[i % len(paragraphs)]
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the text in MB (default 5)")
    parser.add_argument("--window", type=int, default=None, help="window size in characters (default: kg's)")
    parser.add_argument("--store", action="store_true", help="build into a store instead of a Turtle file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        text = make_text(args.mb)
        path.write_text(text, encoding="utf-8")
        out = ["--store", str(Path(tmp) / "store")] if args.store else ["-o", str(Path(tmp) / "long.ttl")]
        command = [sys.executable, "-c", CHILD.format(window=args.window), "build", str(path), *out]
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"text: {len(text):,} characters ({path.stat().st_size / 1e6:.2f} MB), {len(text.split()):,} words")
        print(f"kg build {' '.join(out[:1])}: exit {proc.returncode}, {seconds:.1f} s, peak RSS {peak_mb:,.0f} MB")
        for line in (proc.stderr.strip().splitlines() or ["(no output)"])[-3:]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
