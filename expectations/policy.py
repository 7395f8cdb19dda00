"""The gate's compliance policy: defaults shipped in ``default_policy.yaml``,
overlaid by a user's YAML file, validated key by key."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib import resources

import yaml

# Violation code -> legal basis, as in ../shared/spec/lineage.md. The lineage
# rules module owns the table once it exists; this copy keeps the gate and the
# report working without it and is the fallback only.
_FALLBACK_ARTICLES = {
    "LINEAGE_MISSING": "PIPL Art. 13; TC260-003 §5.1",
    "NO_LAWFUL_BASIS": "PIPL Art. 13",
    "PURPOSE_NOT_COVERED": "PIPL Art. 14, 17",
    "CONSENT_EXPIRED": "PIPL Art. 19, 47",
    "CONSENT_WITHDRAWN": "PIPL Art. 15, 47",
    "SENSITIVE_WITHOUT_SEPARATE_CONSENT": "PIPL Art. 29",
    "MINOR_WITHOUT_GUARDIAN_CONSENT": "PIPL Art. 31",
    "SENSITIVE_PUBLIC_REVIEW": "PIPL Art. 27, 28",
    "CROSS_BORDER_WITHOUT_MECHANISM": "PIPL Art. 38",
    "PIPIA_MISSING": "PIPL Art. 55",
}


def violation_articles() -> dict[str, str]:
    """Code -> article text, from ``pipelines.lineage.rules`` when it provides one."""
    try:
        from pipelines.lineage import rules  # noqa: PLC0415 - optional, written separately
    except ImportError:
        return dict(_FALLBACK_ARTICLES)
    for name in ("ARTICLES", "VIOLATION_ARTICLES", "CODE_ARTICLES"):
        table = getattr(rules, name, None)
        if isinstance(table, dict) and table:
            merged = dict(_FALLBACK_ARTICLES)
            merged.update({str(k): _article_text(v) for k, v in table.items()})
            return merged
    return dict(_FALLBACK_ARTICLES)


def _article_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


VIOLATION_CODES = tuple(_FALLBACK_ARTICLES)

_SHARE_KEYS = ("min_lineage_coverage", "max_reject_rate", "min_violation_free_share")
_SOURCE_KEYS = ("max_pi_share", "max_sensitive_share")
_TOP_KEYS = (
    "version",
    "max_violations",
    "require_manifest",
    *_SHARE_KEYS,
    "per_source",
    "sources",
)


class PolicyError(ValueError):
    """A policy file that cannot be used; the message is one line naming the file."""


@dataclass(slots=True)
class Policy:
    max_violations: dict[str, int | None]
    require_manifest: bool
    min_lineage_coverage: float | None
    max_reject_rate: float | None
    min_violation_free_share: float | None
    max_pi_share: float | None
    max_sensitive_share: float | None
    source_limits: dict[str, dict[str, float | None]] = field(default_factory=dict)
    origin: str = "default"

    def source_limit(self, source: str, key: str) -> float | None:
        override = self.source_limits.get(source, {})
        if key in override:
            return override[key]
        return getattr(self, key)

    def as_dict(self) -> dict:
        return {
            "origin": self.origin,
            "max_violations": dict(self.max_violations),
            "require_manifest": self.require_manifest,
            "min_lineage_coverage": self.min_lineage_coverage,
            "max_reject_rate": self.max_reject_rate,
            "min_violation_free_share": self.min_violation_free_share,
            "per_source": {k: getattr(self, k) for k in _SOURCE_KEYS},
            "sources": {s: dict(v) for s, v in self.source_limits.items()},
        }


def _default_raw() -> dict:
    text = resources.files("expectations").joinpath("default_policy.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def load_policy(path: str | None = None) -> Policy:
    """The default policy, overlaid by ``path`` when given. Raises PolicyError."""
    raw = _default_raw()
    origin = "default"
    if path is not None:
        origin = path
        try:
            with open(path, encoding="utf-8") as fh:
                user = yaml.safe_load(fh)
        except OSError as exc:
            raise PolicyError(f"policy {path}: cannot read ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise PolicyError(f"policy {path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset "
                              f"{exc.start})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise PolicyError(f"policy {path}: not valid YAML{where}") from None
        if user is None:
            user = {}
        if not isinstance(user, dict):
            raise PolicyError(f"policy {path}: top level must be a mapping of keys")
        _check_keys(path, "", user, _TOP_KEYS)
        for key, value in user.items():
            if key in ("max_violations", "per_source", "sources") and isinstance(value, dict):
                merged = dict(raw.get(key) or {})
                merged.update(value)
                raw[key] = merged
            else:
                raw[key] = value
    return _build(origin, raw)


def _check_keys(where: str, prefix: str, mapping: dict, known: tuple[str, ...]) -> None:
    for key in mapping:
        if key not in known:
            raise PolicyError(
                f"policy {where}: unknown key {prefix}{key!r} (known: {', '.join(known)})"
            )


def _share(where: str, key: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, str) and _text_number(value) is not None:
        number = _text_number(value)
        why = ("YAML reads an exponent without a decimal point as text" if "e" in value.lower()
               and "." not in value else "a quoted number is text")
        raise PolicyError(
            f"policy {where}: {key} must be a number between 0 and 1 or null, got the string {value!r} "
            f"({why}; write {number!r})"
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise PolicyError(f"policy {where}: {key} must be a number between 0 and 1 or null, got {value!r}")
    if not 0 <= value <= 1:
        raise PolicyError(f"policy {where}: {key} must be between 0 and 1, got {value!r}")
    return float(value)


def _text_number(text: str) -> float | None:
    """The finite number a string spells, else None. PyYAML follows YAML 1.1,
    whose floats need a decimal point: ``1e-2`` is read as the string
    "1e-2", and the error message should say what to write instead."""
    stripped = text.strip()
    if not stripped or stripped.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return None
    try:
        number = float(stripped)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _build(where: str, raw: dict) -> Policy:
    _check_keys(where, "", raw, _TOP_KEYS)
    version = raw.get("version", 1)
    # True == 1 in Python; a boolean or 1.0 is not the format version 1.
    if type(version) is not int or version != 1:
        raise PolicyError(f"policy {where}: version must be 1, got {version!r}")

    limits = raw.get("max_violations") or {}
    if not isinstance(limits, dict):
        raise PolicyError(f"policy {where}: max_violations must be a mapping of violation code to count")
    max_violations: dict[str, int | None] = {}
    for code, limit in limits.items():
        if code not in VIOLATION_CODES:
            raise PolicyError(
                f"policy {where}: unknown violation code {code!r} in max_violations "
                f"(known: {', '.join(VIOLATION_CODES)})"
            )
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise PolicyError(
                f"policy {where}: max_violations.{code} must be a non-negative integer or null, got {limit!r}"
            )
        max_violations[code] = limit

    require_manifest = raw.get("require_manifest", False)
    if not isinstance(require_manifest, bool):
        raise PolicyError(f"policy {where}: require_manifest must be true or false, got {require_manifest!r}")

    per_source = raw.get("per_source") or {}
    if not isinstance(per_source, dict):
        raise PolicyError(f"policy {where}: per_source must be a mapping")
    _check_keys(where, "per_source.", per_source, _SOURCE_KEYS)

    sources_raw = raw.get("sources") or {}
    if not isinstance(sources_raw, dict):
        raise PolicyError(f"policy {where}: sources must be a mapping of source value to limits")
    source_limits: dict[str, dict[str, float | None]] = {}
    for source, limits_of_source in sources_raw.items():
        if not isinstance(limits_of_source, dict):
            raise PolicyError(f"policy {where}: sources.{source} must be a mapping of limits")
        _check_keys(where, f"sources.{source}.", limits_of_source, _SOURCE_KEYS)
        source_limits[str(source)] = {
            k: _share(where, f"sources.{source}.{k}", v) for k, v in limits_of_source.items()
        }

    return Policy(
        max_violations=max_violations,
        require_manifest=require_manifest,
        min_lineage_coverage=_share(where, "min_lineage_coverage", raw.get("min_lineage_coverage")),
        max_reject_rate=_share(where, "max_reject_rate", raw.get("max_reject_rate")),
        min_violation_free_share=_share(where, "min_violation_free_share", raw.get("min_violation_free_share")),
        max_pi_share=_share(where, "per_source.max_pi_share", per_source.get("max_pi_share")),
        max_sensitive_share=_share(where, "per_source.max_sensitive_share", per_source.get("max_sensitive_share")),
        source_limits=source_limits,
        origin=where,
    )
