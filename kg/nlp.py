"""Choose, load and extend the spaCy pipelines kg runs.

For each language the preference list in ``kg/data/models.json`` names the
pipelines kg will use, best first: official pipelines when they are installed,
else the Italian pipeline bundled with kg and the republished English
``en_core_web_sm``. ``--model`` picks any pipeline by package name or path.

Every loaded pipeline gets kg's rule component ``kg_entities`` (see
:mod:`kg.extract.entities_rules`), which adds money, percentages, dates and
product names from the language's data file.
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ModelError

__all__ = ["ModelInfo", "available_models", "resolve_model", "load_pipeline", "install_hint"]


@dataclass(frozen=True)
class ModelInfo:
    """A spaCy pipeline kg can load: ``path`` loads with ``spacy.load``."""

    lang: str
    name: str
    path: str
    version: str

    def as_dict(self) -> dict:
        return {"name": self.name, "path": self.path, "version": self.version}


@lru_cache(maxsize=1)
def _config() -> dict:
    return json.loads((resources.files("kg") / "data" / "models.json").read_text("utf-8"))


def _package_path(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    # official model packages keep the pipeline in a versioned sub-folder
    for child in sorted(root.iterdir()):
        if child.is_dir() and (child / "config.cfg").is_file() and (child / "meta.json").is_file():
            return child
    if (root / "config.cfg").is_file():
        return root
    return None


def _info_from_path(lang: str, path: Path) -> ModelInfo:
    try:
        meta = json.loads((path / "meta.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: not a spaCy pipeline folder (no readable meta.json)") from exc
    prefix = f"{meta.get('lang', lang)}_"
    name = str(meta.get("name", path.name))
    name = name if name.startswith(prefix) else prefix + name
    return ModelInfo(lang=meta.get("lang", lang), name=name, path=str(path), version=str(meta.get("version", "")))


def _candidates(lang: str):
    for entry in _config().get(lang, []):
        if "bundled" in entry:
            path = Path(str(resources.files("kg"))) / entry["bundled"]
            if (path / "config.cfg").is_file():
                yield _info_from_path(lang, path)
        else:
            path = _package_path(entry["package"])
            if path is not None:
                yield _info_from_path(lang, path)


def available_models() -> dict[str, list[ModelInfo]]:
    """Installed pipelines per language, in kg's order of preference."""
    return {lang: list(_candidates(lang)) for lang in ("it", "en")}


def resolve_model(lang: str, model: str | None = None) -> ModelInfo:
    """Return the pipeline kg will use for ``lang`` (or the one named by ``model``).

    Raises :class:`ModelError` with an install hint when none is installed.
    """
    if model:
        path = Path(model)
        if path.is_dir():
            return _info_from_path(lang, path)
        pkg = _package_path(model.replace("-", "_"))
        if pkg is None:
            raise ModelError(f"spaCy pipeline {model!r} is not installed (install it with pip, or give a folder path)")
        return _info_from_path(lang, pkg)
    for info in _candidates(lang):
        return info
    raise ModelError(f"no spaCy pipeline installed for language {lang!r}; {install_hint(lang)}")


def install_hint(lang: str) -> str:
    """How to install a pipeline for ``lang``."""
    return _config().get("install_hint", {}).get(lang, "install a spaCy pipeline and pass it with --model")


@lru_cache(maxsize=8)
def _load(path: str, lang: str):
    import spacy

    from . import encoder  # noqa: F401  (registers kg_encoder, which the bundled Italian pipeline uses)
    from .extract.entities_rules import add_rule_component

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = spacy.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load spaCy pipeline at {path}: {str(exc).splitlines()[0]}") from exc
    add_rule_component(nlp, lang)
    return nlp


def load_pipeline(lang: str, model: str | None = None):
    """Load (once) the spaCy pipeline for ``lang`` with kg's rule component added.

    Returns ``(nlp, info)``.
    """
    info = resolve_model(lang, model)
    return _load(info.path, lang), info
