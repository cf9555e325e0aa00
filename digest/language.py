"""Language identification of an article's text (ar, fa, ur, en ...)."""

from __future__ import annotations

from functools import cache

# Languages an Arabic digest meets; restricting the model to them keeps short texts from
# being taken for a neighbour (Arabic for Persian, say).
SAMPLE_LENGTH = 600
CANDIDATES = ("ar", "fa", "ur", "ps", "ku", "en", "fr", "es", "de", "tr", "he")


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(text: str, default: str = "ar") -> str:
    """The language code of `text`, or `default` when there is too little text to tell."""
    # A paragraph or two decides as well as the whole text, at a fraction of the cost.
    sample = " ".join(text[: SAMPLE_LENGTH * 2].split())[:SAMPLE_LENGTH]
    if sum(ch.isalpha() for ch in sample[:100]) < 12:
        return default
    lang, _probability = _identifier().classify(sample)
    return str(lang)
