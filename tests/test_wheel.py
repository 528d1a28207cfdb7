"""The built wheel carries the ontology, the language data and the Italian pipeline."""

from __future__ import annotations

import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.integration
def test_installed_wheel_loads_the_bundled_pipeline(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)], check=True)
    (wheel,) = wheels.glob("newskg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/ontology/kg.ttl", "kg/ontology/kg-shapes.ttl", "kg/data/schema_org.ttl", "kg/data/lang/it.json",
            "kg/data/lang/en.json", "kg/models/it_newskg/meta.json"} <= names
    assert "kg/models/it_newskg/kg_encoder/encoder.onnx" in names
    # the size budget for model files: 100 MB in all, no file over 50 MB
    sizes = [i.file_size for i in zipfile.ZipFile(wheel).infolist() if i.filename.startswith("kg/models/")]
    assert sum(sizes) <= 100 * 1024 * 1024, f"bundled pipeline is {sum(sizes) / 2**20:.1f} MB"
    assert max(sizes) <= 50 * 1024 * 1024
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    # the dependencies (onnxruntime, tokenizers, spaCy...) come from the environment running
    # the tests, which may itself be a virtualenv: its site-packages go on the new one's path
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "_test_parent_env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    code = (
        "import spacy, kg.nlp; info = kg.nlp.resolve_model('it');"
        "assert '/site-packages/kg/models/' in info.path, info.path;"
        "nlp = spacy.load(info.path); doc = nlp('Mario Draghi guida la Banca d\\'Italia.');"
        "print(len(doc), [e.label_ for e in doc.ents])"
    )
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip()
    seed = ROOT / "examples" / "000_4f1d2f5fb92fcf2d.txt"
    subprocess.run([str(venv / "bin" / "kg"), "build", str(seed), "-o", str(tmp_path / "seed.ttl")], check=True, cwd=tmp_path)
    assert (tmp_path / "seed.ttl").stat().st_size > 1000
