"""The detection engine: one object per worker, one call per text field."""

from __future__ import annotations

import importlib
from bisect import bisect_right
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import yaml

from . import catalogue
from .model import Finding
from .text import ScanText

if TYPE_CHECKING:  # the detectors import Presidio and spaCy; a scan's driver
    # process configures the engine without loading either
    from .base import Detector

log = logging.getLogger(__name__)

# Texts longer than this are scanned in overlapping windows, so that one huge
# record costs time linear in its length and bounded memory per call.
DEFAULT_WINDOW = 100_000
WINDOW_OVERLAP = 512

CUE_TYPES = catalogue.cue_types()


class ConfigError(ValueError):
    """A detector configuration that cannot be used; the message is one line."""


@dataclass(frozen=True)
class DetectorSpec:
    id: str
    class_path: str
    default: bool = True


@cache
def builtin_specs() -> tuple[DetectorSpec, ...]:
    raw = yaml.safe_load(
        resources.files("detectors").joinpath("data/detectors.yaml").read_text("utf-8")
    )
    return tuple(
        DetectorSpec(d["id"], d["class"], bool(d.get("default", True))) for d in raw["detectors"]
    )


@dataclass
class EngineConfig:
    """What a user may change without touching code (``--config FILE.yaml``).

    ``enable``/``disable`` name detector ids from ``data/detectors.yaml``;
    ``options`` passes keyword options to one detector (for example
    ``{en_person: {model: en_core_web_md}}`` points English NER at another
    installed spaCy model); ``presidio_yaml`` lists Presidio recognizer YAML
    files whose recognizers run alongside the built-in ones; ``min_score``
    drops weaker findings.
    """

    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    options: dict[str, dict] = field(default_factory=dict)
    presidio_yaml: list[str] = field(default_factory=list)
    min_score: float = 0.5
    window: int = DEFAULT_WINDOW

    @classmethod
    def from_mapping(cls, data: dict | None, base_dir: Path | None = None) -> "EngineConfig":
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(f"the detector configuration must be a mapping of keys, got a {type(data).__name__}")
        data = dict(data)
        known = {"enable", "disable", "options", "presidio_yaml", "min_score", "window"}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown detector configuration keys: {', '.join(sorted(map(str, unknown)))}")
        for key in ("enable", "disable", "presidio_yaml"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{key} must be a list of {'file paths' if key == 'presidio_yaml' else 'detector ids'}")
        if not isinstance(data.get("options", {}), dict):
            raise ConfigError("options must be a mapping of detector id to its options")
        min_score = data.get("min_score", 0.5)
        if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"min_score must be a number in [0, 1], got {min_score!r}")
        window = data.get("window", DEFAULT_WINDOW)
        if isinstance(window, bool) or not isinstance(window, int) or window < 4 * WINDOW_OVERLAP:
            raise ConfigError(f"window must be a whole number of at least {4 * WINDOW_OVERLAP} characters")
        cfg = cls(**data)
        ids = {s.id for s in builtin_specs()}
        for name in [*cfg.enable, *cfg.disable, *cfg.options]:
            if name not in ids:
                raise ConfigError(f"unknown detector id {name!r}; see `piplscan detectors`")
        for name, opts in cfg.options.items():
            if not isinstance(opts, dict):
                raise ConfigError(f"options of {name} must be a mapping, got {type(opts).__name__}")
        if base_dir is not None:
            cfg.presidio_yaml = [str((base_dir / p).resolve()) for p in cfg.presidio_yaml]
        for p in cfg.presidio_yaml:
            if not Path(p).is_file():
                raise ConfigError(f"Presidio recognizer file not found: {p}")
        return cfg

    def check_options(self) -> None:
        """Let each configured detector check its options (a one-line
        ConfigError). The scan's driver never builds the engine itself:
        workers do, where an error would surface late and wrapped in the
        runner's traceback. This imports the detector classes, so the scan
        calls it once its warm worker process is already loading them."""
        classes = {s.id: s.class_path for s in builtin_specs()}
        try:
            for name, opts in self.options.items():
                _load_class(classes[name]).check_options(dict(opts))
            if self.presidio_yaml:
                from .presidio_yaml import detectors_from_presidio_yaml

                for path in self.presidio_yaml:
                    detectors_from_presidio_yaml(path)
        except ValueError as e:
            raise ConfigError(str(e)) from None

    @classmethod
    def from_file(cls, path: str | None) -> "EngineConfig":
        if not path:
            return cls()
        p = Path(path)
        try:
            data = yaml.safe_load(p.read_text("utf-8"))
        except OSError as e:
            raise ConfigError(f"cannot read detector configuration {path}: {e.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"detector configuration {path} is not UTF-8 text") from None
        except yaml.YAMLError as e:
            raise ConfigError(f"detector configuration {path} is not valid YAML: {e}".splitlines()[0]) from None
        detectors = data.get("detectors", data) if isinstance(data, dict) else data
        try:
            return cls.from_mapping(detectors, p.parent)
        except ConfigError as e:
            raise ConfigError(f"{path}: {e}") from None


def _load_class(path: str) -> type[Detector]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Drop overlapping findings: within identifiers/names/addresses, and within
    sensitive cues, the higher-priority (then higher-score, then longer) wins.
    Cue spans may overlap PI spans: "患者张三确诊糖尿病" holds both.

    Kept spans are disjoint, so one bisection finds the only two neighbours a
    candidate can overlap: O(n log n), whatever the text throws at it."""
    out: list[Finding] = []
    for layer in (False, True):
        cands = [f for f in findings if (f.entity_type in CUE_TYPES) == layer]
        cands.sort(
            key=lambda f: (
                -catalogue.lookup(f.entity_type).priority,
                -f.score,
                -(f.end - f.start),
                f.start,
            )
        )
        starts: list[int] = []
        kept: list[Finding] = []
        for f in cands:
            i = bisect_right(starts, f.start)
            if i > 0 and kept[i - 1].end > f.start:
                continue
            if i < len(kept) and kept[i].start < f.end:
                continue
            starts.insert(i, f.start)
            kept.insert(i, f)
        out.extend(kept)
    out.sort(key=lambda f: (f.start, f.end, f.entity_type))
    return out


# Engines built before a worker process was forked from its parent (see
# runners/warm_workers.py), keyed by nothing but their configuration.
_PREBUILT: list[tuple["EngineConfig", "DetectionEngine"]] = []


def prebuild(config: "EngineConfig") -> None:
    """Build an engine now, for :func:`engine_for` to hand out later (in this
    process or in processes forked from it)."""
    engine = DetectionEngine(config)
    engine.prebuilt = True
    _PREBUILT.append((config, engine))


def engine_for(config: "EngineConfig") -> "DetectionEngine":
    """A prebuilt engine for ``config`` if there is one, else a new one.

    A prebuilt engine is handed out once per process: a worker that runs
    several bundles at a time gives each of its threads an engine of its own.
    """
    for i, (cfg, engine) in enumerate(_PREBUILT):
        if cfg == config:
            del _PREBUILT[i]
            return engine
    return DetectionEngine(config)


class DetectionEngine:
    """Runs every enabled detector over a text and resolves overlaps.

    Build one per worker (``DoFn.setup``): detectors load their models and
    compile their patterns in their constructors.
    """

    # True for an engine built by :func:`prebuild` (before its worker forked).
    prebuilt = False

    def __init__(self, config: EngineConfig | None = None):
        self.config = config or EngineConfig()
        self.detectors: list[Detector] = []
        enabled = set(self.config.enable)
        disabled = set(self.config.disable)
        for spec in builtin_specs():
            if spec.id in disabled or not (spec.default or spec.id in enabled):
                continue
            cls = _load_class(spec.class_path)
            self.detectors.append(cls(**self.config.options.get(spec.id, {})))
        if self.config.presidio_yaml:
            from .presidio_yaml import detectors_from_presidio_yaml

            for path in self.config.presidio_yaml:
                self.detectors.extend(detectors_from_presidio_yaml(path))

    @staticmethod
    def versions_for(config: "EngineConfig") -> list[str]:
        """Detector ``name@version`` strings for a configuration, without
        loading any model."""
        out = set()
        for spec in builtin_specs():
            if spec.id in set(config.disable) or not (spec.default or spec.id in set(config.enable)):
                continue
            cls = _load_class(spec.class_path)
            out.add(f"{cls.NAME}@{cls.version_for(config.options.get(spec.id, {}))}")
        if config.presidio_yaml:
            from .presidio_yaml import detectors_from_presidio_yaml

            for path in config.presidio_yaml:
                out.update(d.detector_id for d in detectors_from_presidio_yaml(path))
        return sorted(out)

    @property
    def versions(self) -> list[str]:
        return sorted({d.detector_id for d in self.detectors})

    def _scan_window(self, text: str) -> list[Finding]:
        doc = ScanText(text)
        found: list[Finding] = []
        for det in self.detectors:
            found.extend(det.find(doc))
        return found

    def scan(self, text: str) -> list[Finding]:
        return list(self.iter_scan(text))

    def iter_scan(self, text: str):
        """Findings of one text, in order. A text longer than the window is
        scanned in overlapping windows and its findings are yielded window by
        window, so memory stays bounded by one window's findings."""
        if not text:
            return
        window = int(self.config.window)
        min_score = float(self.config.min_score)
        if len(text) <= window:
            yield from _resolve([f for f in self._scan_window(text) if f.score >= min_score])
            return
        step = window - WINDOW_OVERLAP
        pos = 0
        while pos < len(text):
            chunk = text[pos:pos + window]
            last = pos + len(chunk) >= len(text)
            for f in _resolve([f for f in self._scan_window(chunk) if f.score >= min_score]):
                # A span touching a window's end may be cut; the next window,
                # which starts WINDOW_OVERLAP earlier, sees it whole. A span
                # wholly inside the overlap was already reported.
                if f.end >= len(chunk) and not last:
                    continue
                if pos > 0 and f.end < WINDOW_OVERLAP:
                    continue
                f.start += pos
                f.end += pos
                yield f
            if last:
                break
            pos += step

    def scan_many(self, texts: Iterable[str]) -> list[list[Finding]]:
        """Like :meth:`scan` for many texts; detectors see the batch at once."""
        texts = list(texts)
        window = int(self.config.window)
        short = [i for i, t in enumerate(texts) if t and len(t) <= window]
        results: list[list[Finding]] = [[] for _ in texts]
        docs = [ScanText(texts[i]) for i in short]
        found: list[list[Finding]] = [[] for _ in short]
        for det in self.detectors:
            for slot, fs in zip(found, det.find_batch(docs)):
                slot.extend(fs)
        min_score = float(self.config.min_score)
        for i, fs in zip(short, found):
            results[i] = _resolve([f for f in fs if f.score >= min_score])
        for i, t in enumerate(texts):
            if t and len(t) > window:
                results[i] = self.scan(t)
        return results
