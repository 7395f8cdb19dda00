"""Masked previews and keyed hashes: the only forms a found value leaves in.

The HMAC key is a scan secret. It reaches workers through a key file they can
read (``--hash-key-file``) or the ``PIPLSCAN_HASH_KEY`` environment variable;
a local scan without either generates a random key in the driver's
environment, which its worker processes inherit. The key is never a DoFn
argument or a pipeline option, because both are serialised into the job
graph that runners stage and log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

KEY_ENV = "PIPLSCAN_HASH_KEY"
MASK = "*"

# How many characters of the value a preview keeps visible at each end.
_KEEP: dict[str, tuple[int, int]] = {
    "CN_RESIDENT_ID": (4, 4),
    "CN_BANK_CARD": (4, 4),
    "CREDIT_CARD": (4, 4),
    "IBAN_CODE": (4, 4),
    "CN_MOBILE_PHONE": (3, 4),
    "CN_LANDLINE_PHONE": (4, 2),
    "PHONE_NUMBER": (3, 2),
    "US_SSN": (0, 4),
    "IP_ADDRESS": (3, 0),
    "GEO_COORDINATES": (3, 0),
    "PERSON": (1, 0),
    "ADDRESS": (3, 0),
    "IM_ACCOUNT": (2, 1),
    "CN_LICENSE_PLATE": (2, 1),
    "CN_PASSPORT": (1, 2),
    "CN_HK_MACAU_PERMIT": (1, 2),
    "CN_TAIWAN_PERMIT": (1, 2),
    "HK_ID": (1, 1),
    "MO_ID": (1, 1),
    "TW_ID": (1, 2),
}
_DEFAULT_KEEP = (2, 0)
# At most this share of a value is ever shown, whatever the table says.
_MAX_VISIBLE = 0.45


class HashKeyError(RuntimeError):
    """The hash key cannot be found on a worker."""


def mask(entity_type: str, value: str) -> str:
    """A preview that never equals the value: at most 45% of its characters
    stay visible and at least one is masked."""
    n = len(value)
    if entity_type == "EMAIL_ADDRESS" and "@" in value and int(n * _MAX_VISIBLE) >= 2:
        return _mask_email(value, int(n * _MAX_VISIBLE))
    if n == 0:
        return ""
    head, tail = _KEEP.get(entity_type, _DEFAULT_KEEP)
    budget = int(n * _MAX_VISIBLE)
    while head + tail > budget and (head or tail):
        if head >= tail and head:
            head -= 1
        elif tail:
            tail -= 1
    hidden = n - head - tail
    if hidden <= 0:
        return MASK * n
    return value[:head] + MASK * hidden + (value[n - tail:] if tail else "")


def _mask_email(value: str, budget: int) -> str:
    """The local part's first character, the "@", and the longest tail of the
    domain that starts at a dot and fits the budget (".com", then
    ".example.com"): a reviewer can tell a mail provider or a top-level
    domain from another without the address being readable."""
    local, _, domain = value.rpartition("@")
    room = budget - min(len(local), 1) - 1
    keep = ""
    for i, ch in enumerate(domain):
        if ch == "." and len(domain) - i <= room:
            keep = domain[i:]
            break
    masked_local = local[:1] + MASK * max(0, len(local) - 1)
    return masked_local + "@" + MASK * (len(domain) - len(keep)) + keep


def value_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def ensure_local_key() -> None:
    """Give a local scan a fresh random key unless the user supplied one."""
    if not os.environ.get(KEY_ENV):
        os.environ[KEY_ENV] = secrets.token_hex(32)


def load_key(key_file: str | None) -> bytes:
    """The scan key, on a worker: from the key file, else from the environment."""
    if key_file:
        from apache_beam.io.filesystems import FileSystems

        try:
            with FileSystems.open(key_file, compression_type="uncompressed") as f:
                data = f.read().strip()
        except Exception as e:  # any filesystem error
            raise HashKeyError(f"cannot read --hash-key-file {key_file}: {type(e).__name__}") from None
        if len(data) < 16:
            raise HashKeyError(f"--hash-key-file {key_file} holds fewer than 16 bytes")
        return data
    env = os.environ.get(KEY_ENV)
    if not env:
        raise HashKeyError(
            f"no hash key on this worker: pass --hash-key-file (readable by workers) or set {KEY_ENV}"
        )
    return env.encode("utf-8")
