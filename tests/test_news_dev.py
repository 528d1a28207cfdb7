"""A guard against extraction regressions on the in-domain news gold (``../shared/data/news_dev``).

The gold texts are copyrighted journalism, read at test time from the shared
data folder and never copied. The test runs ``kg eval`` on each language and
fails when its strict F1 falls more than the recorded tolerance below the
figure recorded in ``tests/data/news_dev_scores.json`` (``python
bench/eval_news_dev.py --record tests/data/news_dev_scores.json`` writes it).
It is a guard, not a benchmark. Without the data (a checkout outside this
workplace) it is skipped, with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "data" / "news_dev_scores.json"


def _news_dev() -> Path | None:
    if os.environ.get("KG_NEWS_DEV"):
        return Path(os.environ["KG_NEWS_DEV"])
    for base in ROOT.parents:
        if (base / "shared" / "data" / "news_dev").is_dir():
            return base / "shared" / "data" / "news_dev"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["it", "en"])
def test_news_dev_f1_does_not_fall(lang):
    data = _news_dev()
    if data is None:
        pytest.skip("no shared/data/news_dev above the checkout and KG_NEWS_DEV unset")
    recorded = json.loads(RECORDED.read_text())
    run = subprocess.run([sys.executable, "-m", "kg", "eval", str(data / lang), "--lang", lang, "--json"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    f1 = json.loads(run.stdout)["overall"]["f1"]
    floor = recorded["f1"][lang] - recorded["tolerance"]
    assert f1 >= floor, f"news_dev {lang}: F1 {f1:.4f} fell below {floor:.4f} (recorded {recorded['f1'][lang]})"
