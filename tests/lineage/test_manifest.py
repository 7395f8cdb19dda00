"""Manifest loading: what it accepts, and that every error names file and line."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from pipelines.lineage.manifest import (
    AmbiguousSourceError,
    ManifestError,
    load_manifest,
    path_matches,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lineage" / "manifest.yaml"

GOOD = """\
version: 1
scan_date: 2026-11-27
subject_field: user_id
sources:
  - id: chat
    match: {source: chat}
    lawful_basis: consent
    consent:
      purposes: [model_training]
      valid_until: 2027-06-30
    processing_locations: [cn, sg]
    cross_border_mechanism: standard_contract
    pipia: {id: P-1, date: 2026-05-01}
  - id: logs
    match: {path: "logs/*.txt"}
withdrawals:
  - path: lists/withdrawals.csv
"""


def write(tmp_path: Path, text: str, *, withdrawals: str = "subject_id\nu1\n") -> Path:
    (tmp_path / "lists").mkdir(exist_ok=True)
    (tmp_path / "lists" / "withdrawals.csv").write_text(withdrawals)
    p = tmp_path / "manifest.yaml"
    p.write_text(textwrap.dedent(text))
    return p


def error_of(path: Path) -> str:
    with pytest.raises(ManifestError) as exc:
        load_manifest(str(path))
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_a_valid_manifest_loads_with_its_facts(tmp_path):
    m = load_manifest(str(write(tmp_path, GOOD)))
    assert m.scan_date == dt.date(2026, 11, 27)
    assert m.subject_field == "user_id"
    chat, logs = m.sources
    assert chat.consent.purposes == ("model_training",)
    assert chat.processing_locations == ("CN", "SG")
    assert chat.cross_border and chat.has_pipia
    assert logs.lawful_basis is None and logs.match_path == "logs/*.txt"
    assert logs.subjects_located_in == "CN" and logs.cross_border_mechanism == "none"


def test_relative_paths_resolve_against_the_manifest_folder_not_the_cwd(tmp_path, monkeypatch):
    p = write(tmp_path, GOOD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    m = load_manifest(str(p))
    assert m.withdrawals[0].path == str(tmp_path / "lists" / "withdrawals.csv")
    assert m.withdrawals[0].columns == ("subject_id",)


def test_scan_date_defaults_to_today(tmp_path):
    p = write(tmp_path, GOOD.replace("scan_date: 2026-11-27\n", ""))
    assert load_manifest(str(p), today=dt.date(2030, 1, 2)).scan_date == dt.date(2030, 1, 2)
    assert load_manifest(str(p)).scan_date == dt.datetime.now(dt.timezone.utc).date()


def test_without_subject_field_records_have_no_subject(tmp_path):
    p = write(tmp_path, GOOD.replace("subject_field: user_id\n", ""), withdrawals="record_id\nr1\n")
    assert load_manifest(str(p)).subject_field is None


def test_a_consent_ledger_without_subject_field_is_refused_because_it_could_join_no_record(tmp_path):
    (tmp_path / "ledger.csv").write_text(
        "subject_id,purposes,separate_consent_sensitive,guardian_consent_minors,granted_at,withdrawn_at\n"
        "u1,model_training,true,false,2026-01-01,\n")
    text = GOOD.replace("subject_field: user_id\n", "") + "consents:\n  - path: ledger.csv\n"
    msg = error_of(write(tmp_path, text, withdrawals="record_id\nr1\n"))
    assert msg.startswith(f"{tmp_path / 'manifest.yaml'}:18: consents[0].path: "), msg
    assert "needs subject_field" in msg


def test_a_subject_only_withdrawal_list_without_subject_field_is_refused(tmp_path):
    msg = error_of(write(tmp_path, GOOD.replace("subject_field: user_id\n", "")))
    assert msg.startswith(f"{tmp_path / 'manifest.yaml'}:16: withdrawals[0].path: withdrawals.csv "), msg
    assert "subject_id, no record_id column" in msg and "needs subject_field" in msg


def test_a_withdrawal_row_naming_only_a_subject_is_refused_without_subject_field(tmp_path):
    text = GOOD.replace("subject_field: user_id\n", "")
    msg = error_of(write(tmp_path, text, withdrawals="record_id,subject_id\nr1,\n\n,u2\n"))
    assert msg.startswith(f"{tmp_path / 'manifest.yaml'}:16: withdrawals[0].path: withdrawals.csv line 4 "), msg
    assert "names a subject but no record" in msg and "needs subject_field" in msg and "u2" not in msg


def test_a_withdrawal_list_with_record_ids_needs_no_subject_field(tmp_path):
    text = GOOD.replace("subject_field: user_id\n", "")
    m = load_manifest(str(write(tmp_path, text, withdrawals="record_id,subject_id\nr1,\n")))
    assert m.subject_field is None and m.has_record_withdrawals


def test_every_file_of_a_withdrawal_glob_keeps_its_own_header(tmp_path):
    (tmp_path / "lists" / "wd").mkdir(parents=True)
    (tmp_path / "lists" / "wd" / "a.csv").write_text("record_id,subject_id\nr1,\n")
    (tmp_path / "lists" / "wd" / "b.csv").write_text("subject_id\nu2\n")
    m = load_manifest(str(write(tmp_path, GOOD.replace("lists/withdrawals.csv", '"lists/wd/*.csv"'))))
    (w,) = m.withdrawals
    assert [Path(f).name for f in w.files] == ["a.csv", "b.csv"]
    assert w.file_columns == (("record_id", "subject_id"), ("subject_id",))
    assert [Path(f).name for f in w.files_with("record_id")] == ["a.csv"]
    assert [Path(f).name for f in w.files_with("subject_id")] == ["a.csv", "b.csv"]


def test_every_file_of_a_withdrawal_glob_needs_an_id_column(tmp_path):
    (tmp_path / "lists" / "wd").mkdir(parents=True)
    (tmp_path / "lists" / "wd" / "a.csv").write_text("subject_id\nu1\n")
    (tmp_path / "lists" / "wd" / "b.csv").write_text("name,when\nx,y\n")
    msg = error_of(write(tmp_path, GOOD.replace("lists/withdrawals.csv", '"lists/wd/*.csv"')))
    assert ":17: " in msg and "b.csv has neither a subject_id nor a record_id column" in msg


def test_every_file_of_a_ledger_glob_needs_the_ledger_columns(tmp_path):
    (tmp_path / "ledger").mkdir()
    header = "subject_id,purposes,separate_consent_sensitive,guardian_consent_minors,granted_at,withdrawn_at\n"
    (tmp_path / "ledger" / "a.csv").write_text(header)
    (tmp_path / "ledger" / "b.csv").write_text("subject_id,purposes\n")
    msg = error_of(write(tmp_path, GOOD + 'consents:\n  - path: "ledger/*.csv"\n'))
    assert ":19: " in msg and "b.csv lacks ledger column(s)" in msg


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("      valid_until: 2027-06-30", "      separate_consent_sensitive: {a: 1}",
         "expected true or false, got a mapping"),
        ("      valid_until: 2027-06-30", "      guardian_consent_minors: [true]",
         "expected true or false, got a list"),
        ("valid_until: 2027-06-30", "valid_until: {y: 2027}", "expected a date YYYY-MM-DD, got a mapping"),
        ("version: 1", "version: {v: 1}", "unsupported version a mapping"),
        ("lawful_basis: consent", "lawful_basis: [consent]", "expected a text value, got a list"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named_by_its_kind_not_dumped_as_yaml_nodes(tmp_path, old, new, fragment):
    msg = error_of(write(tmp_path, GOOD.replace(old, new, 1)))
    assert fragment in msg, msg
    assert "Node(" not in msg and "tag:yaml.org" not in msg


@pytest.mark.parametrize("purposes", ["5", "[model_training, 5]"])
def test_purposes_are_names_so_a_number_is_refused(tmp_path, purposes):
    msg = error_of(write(tmp_path, GOOD.replace("purposes: [model_training]", f"purposes: {purposes}")))
    assert ":9: " in msg and "purposes" in msg and "expected a name, got the number 5" in msg


def test_describe_gives_the_lineage_sources_of_summary_json(tmp_path):
    m = load_manifest(str(write(tmp_path, GOOD)))
    chat, logs = m.describe()
    assert chat == {
        "id": "chat", "lawful_basis": "consent", "purposes": ["model_training"],
        "separate_consent_sensitive": False, "guardian_consent_minors": False,
        "valid_until": "2027-06-30", "subjects_located_in": "CN",
        "processing_locations": ["CN", "SG"], "cross_border_mechanism": "standard_contract",
        "pipia_id": "P-1", "pipia_date": "2026-05-01",
    }
    assert logs["lawful_basis"] is None and logs["purposes"] == [] and logs["pipia_id"] is None


def test_the_example_manifest_is_valid():
    m = load_manifest(str(EXAMPLE))
    assert [s.id for s in m.sources] == ["cs-chat", "hr-resumes", "med-qa", "forum-posts", "app-logs"]
    assert m.scan_date == dt.date(2026, 11, 27)
    assert m.has_record_withdrawals and m.has_subject_lists


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("lawful_basis: consent", "lawful_basis: legitimate_interest", 7, "unknown value 'legitimate_interest'"),
        ("""    consent:
      purposes: [model_training]
      valid_until: 2027-06-30
""", "", 7, "no consent block"),
        ("valid_until: 2027-06-30", "valid_until: 2027-13-01", 10, "not a valid date"),
        ("valid_until: 2027-06-30", "valid_until: next june", 10, "not a valid date 'next june'"),
        ("scan_date: 2026-11-27", "scan_date: 27/11/2026", 2, "scan_date"),
        ("pipia: {id: P-1, date: 2026-05-01}", "pipia: {id: P-1, date: 2026-02-30}", 13, "pipia.date"),
        ("subject_field: user_id", "subject_feld: user_id", 3, "unknown key 'subject_feld'"),
        ("    pipia: {id: P-1", "    pipa: {id: P-1", 13, "unknown key 'pipa'"),
        ("      purposes: [model_training]", "      purposes: [model_training]\n      expires: 2027-01-01", 10,
         "unknown key 'expires'"),
        ("match: {path: \"logs/*.txt\"}", "match: {file: \"logs/*.txt\"}", 15, "unknown key 'file'"),
        ("match: {path: \"logs/*.txt\"}", "match: {}", 15, "exactly one of 'source'"),
        ("match: {path: \"logs/*.txt\"}", "match: {source: logs, path: \"logs/*.txt\"}", 15, "exactly one"),
        ("    match: {path: \"logs/*.txt\"}\n", "", 14, "missing key 'match'"),
        ("id: logs", "id: chat", 14, "duplicate source id (first at line 5)"),
        ("match: {path: \"logs/*.txt\"}", "match: {source: chat}", 14, "same source 'chat' as source 'chat'"),
        ("path: lists/withdrawals.csv", "path: lists/missing.csv", 17, "file not found"),
        ("cross_border_mechanism: standard_contract", "cross_border_mechanism: adequacy", 12, "adequacy"),
        ("      valid_until: 2027-06-30", "      separate_consent_sensitive: maybe", 10,
         "expected true or false"),
        ("version: 1", "version: 2", 1, "unsupported version"),
        ("sources:\n", "sources:\n  - [oops\n", 6, "invalid YAML"),
    ],
)
def test_manifest_errors_name_the_file_and_the_line(tmp_path, old, new, line, fragment):
    assert old in GOOD
    msg = error_of(write(tmp_path, GOOD.replace(old, new, 1)))
    assert msg.startswith(f"{tmp_path / 'manifest.yaml'}:{line}: "), msg
    assert fragment in msg


def test_a_missing_ledger_is_an_error_naming_its_line(tmp_path):
    msg = error_of(write(tmp_path, GOOD + "consents:\n  - path: ledger.parquet\n"))
    assert ":19: consents[0].path: file not found" in msg


def test_a_withdrawal_list_without_id_columns_is_rejected(tmp_path):
    msg = error_of(write(tmp_path, GOOD, withdrawals="name,when\nx,y\n"))
    assert ":17: " in msg and "neither a subject_id nor a record_id column" in msg


def test_a_ledger_lacking_columns_is_rejected(tmp_path):
    (tmp_path / "ledger.csv").write_text("subject_id,purposes\nu1,model_training\n")
    msg = error_of(write(tmp_path, GOOD + "consents:\n  - path: ledger.csv\n"))
    assert ":19: " in msg and "separate_consent_sensitive" in msg


def test_an_unreadable_manifest_is_a_manifest_error(tmp_path):
    with pytest.raises(ManifestError, match="cannot read manifest"):
        load_manifest(str(tmp_path / "absent.yaml"))


def test_path_globs_match_the_whole_path_or_its_trailing_components():
    assert path_matches("app-logs.txt", "/srv/corpus/app-logs.txt")
    assert path_matches("logs/*.txt", "/srv/corpus/logs/a.txt")
    assert path_matches("/srv/*/a.txt", "/srv/corpus/a.txt")
    assert path_matches("*.txt", "gs://bucket/x/app.txt")
    assert not path_matches("logs/*.txt", "/srv/corpus/other/a.txt")
    assert not path_matches("app-logs.txt", "/srv/corpus/app-logs.txt.gz")
    assert not path_matches("App-Logs.txt", "/srv/app-logs.txt")


def test_a_record_matching_two_entries_is_an_error_naming_both(tmp_path):
    text = GOOD.replace('match: {path: "logs/*.txt"}', 'match: {path: "*.jsonl"}')
    m = load_manifest(str(write(tmp_path, text)))
    with pytest.raises(AmbiguousSourceError) as exc:
        m.match("chat", "/data/chat.jsonl")
    msg = str(exc.value)
    assert "'chat' (line 5)" in msg and "'logs' (line 14)" in msg and "'chat'" in msg
    assert m.match("chat", "/data/chat.txt").id == "chat"
    assert m.match("other", "/data/x.jsonl").id == "logs"
    assert m.match("other", "/data/x.csv") is None


def test_an_input_file_matching_two_path_globs_fails_before_the_scan(tmp_path):
    text = GOOD.replace("match: {source: chat}", 'match: {path: "*.txt"}')
    m = load_manifest(str(write(tmp_path, text)))
    m.check_inputs(["/data/a.jsonl", "/data/b.txt"])
    with pytest.raises(ManifestError, match="both match the input"):
        m.check_inputs(["/data/logs/a.txt"])
