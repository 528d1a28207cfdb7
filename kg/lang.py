"""Language detection for documents (Italian or English).

Uses py3langid restricted to the supported languages; its model ships inside
the wheel, so nothing is downloaded.

Examples
--------
>>> detect_language("Meta paga a Trump 25 milioni di dollari per chiudere una causa.")
'it'
>>> detect_language("eBay agrees to buy Skype for $2.6 billion.")
'en'
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["SUPPORTED_LANGUAGES", "detect_language"]

SUPPORTED_LANGUAGES = ("it", "en")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str, *, default: str = "en") -> str:
    """Return ``"it"`` or ``"en"`` for ``text`` (``default`` for empty text)."""
    sample = text[:5000]
    if not sample.strip():
        return default
    lang, _ = _identifier().classify(sample)
    return lang if lang in SUPPORTED_LANGUAGES else default
