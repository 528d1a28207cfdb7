"""The README's examples run: its Python API block, and its kg commands on the seed."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks():
    return [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if "kg.build(" in b]


def test_readme_python_api_block_runs(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    (block,) = python_blocks()
    exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "out.trig").stat().st_size > 0


@pytest.mark.integration
def test_readme_build_query_and_analyse_commands_run(tmp_path):
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    commands = [line[2:] for line in README.splitlines() if line.startswith("$ kg ") and "serve" not in line
                and "push" not in line]
    assert any(c.startswith("kg build") for c in commands)
    env = dict(os.environ)
    setup = ["kg build examples/000_4f1d2f5fb92fcf2d.txt -o seed.ttl --html seed.html"]
    for command in setup + commands:
        command = command.split("  #")[0]
        args = shlex.split(command)
        proc = subprocess.run([sys.executable, "-m", "kg", *args[1:]], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
