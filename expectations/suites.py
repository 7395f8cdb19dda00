"""The gate's two Great Expectations suites over a scan output folder.

``integrity``: the outputs keep the contract (offsets, scores, masking, hashes,
known categories and actions, the accounting invariant).
``policy``: the corpus meets the compliance policy (violation counts, lineage
coverage, reject rate, per-source PI shares).

The contract's column names and Arrow types are checked on the Parquet footers
(:mod:`expectations.outputs`), not with GX type-list expectations: those
compare pandas dtype names, and pandas 3 reports strings as ``str``, which
the GX 1.24 type lists do not know.

GX runs on pandas frames built with pyarrow: only the columns an expectation
needs are decoded, and the per-source and whole-scan figures are aggregated
with pyarrow first. ``findings`` and ``records`` grow with the corpus, so GX
sees them in chunks of at most CHUNK_ROWS rows, read one after another, and
the chunk results are merged: a check passes when it passes on every chunk,
and its counts are the sums. Memory follows the chunk size, not the scan.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402

from detectors.catalogue import CATEGORIES, GENERAL  # noqa: E402
from expectations import outputs, storage  # noqa: E402
from expectations.policy import VIOLATION_CODES, Policy  # noqa: E402
from pipelines.schema import ACTIONS, LINEAGE_MATCHED, LINEAGE_NO_MANIFEST, LINEAGE_UNMATCHED  # noqa: E402

# Column names that would hold a matched value in clear. The contract allows
# extra columns, but none of these: the scan keeps only masked previews and
# keyed hashes.
RAW_VALUE_COLUMNS = frozenset(
    {"value", "raw", "raw_value", "text", "matched", "match", "matched_text", "span_text",
     "original", "plain", "plaintext", "cleartext", "unmasked", "content", "snippet"}
)
# A preview without any mask character is accepted only when it is this short:
# one- and two-character values (a surname, a short cue) cannot be masked
# without hiding them entirely, and three characters is still no identifier.
MASK_CHAR = "*"
UNMASKED_MAX_LEN = 3
MASKED_REGEX = rf"\{MASK_CHAR}|^.{{0,{UNMASKED_MAX_LEN}}}$"
HMAC_HEX_REGEX = r"^[0-9a-f]{64}$"

# How many sources a per-source result lists in gate.json; the count is exact.
MAX_LISTED_SOURCES = 200


@dataclass(slots=True)
class Outcome:
    """One expectation's verdict, in plain JSON-able types."""

    suite: str
    name: str
    success: bool
    observed_value: Any
    expected: str
    engine: str = "great_expectations"
    skipped: bool = False

    def as_dict(self) -> dict:
        return {
            "suite": self.suite,
            "name": self.name,
            "success": bool(self.success),
            "observed_value": plain(self.observed_value),
            "expected": self.expected,
            "engine": self.engine,
            "skipped": bool(self.skipped),
        }


@dataclass(slots=True)
class _Check:
    suite: str
    name: str
    frame: str
    expectation: Any
    expected: str
    observe: Callable[[dict], Any] | None = None


def plain(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to plain Python for JSON.

    GX results carry ``numpy.bool`` and ``numpy.int64``, which ``json`` refuses.
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if value != value else float(value)  # NaN -> null
    item = getattr(value, "item", None)
    if callable(item):
        return plain(item())
    return str(value)


# ---------------------------------------------------------------- the frames


CHUNK_ROWS = 500_000
_FINDING_COLUMNS = ["start", "end", "score", "masked", "value_hash", "pipl_category", "sensitive"]
_RECORD_GX_COLUMNS = ["n_findings", "lineage_status", "action"]


@dataclass(slots=True)
class ScanFacts:
    """What the suites need from one scan folder. The small frames are held;
    ``chunked`` gives, per large frame, a function that reads it again chunk
    by chunk."""

    summary: dict
    findings_schema: pa.Schema
    records_rows: int
    findings_rows: int
    rejects: int
    violation_counts: dict[str, int]
    frames: dict[str, pd.DataFrame]
    chunked: dict[str, Callable[[], Any]]


def _read_chunks(files: list[str], columns: list[str], schema: pa.Schema, shape: Callable[[pa.Table], pa.Table]):
    """DataFrames of at most CHUNK_ROWS rows over the files, in order; one
    empty frame when there are no rows, so every check still gets a result."""
    sent = False
    for batch in outputs.iter_batches(files, columns, CHUNK_ROWS):
        sent = True
        yield shape(pa.Table.from_batches([batch])).to_pandas()
    if not sent:
        yield shape(schema.empty_table().select(columns)).to_pandas()


def _shape_findings(table: pa.Table) -> pa.Table:
    is_general = pc.equal(table["pipl_category"], GENERAL)
    mismatch = pc.equal(pc.fill_null(table["sensitive"], False), pc.fill_null(is_general, True))
    return table.drop_columns(["sensitive"]).append_column("sensitive_mismatch", mismatch)


def collect(out_dir: str, policy: Policy) -> ScanFacts:
    """Read the folder once for the whole-scan figures (streaming, row group
    by row group) and prepare the chunked reads GX validates. Raises
    UnusableOutput."""
    import pyarrow.parquet as pq

    summary = outputs.read_summary(out_dir)
    finding_files, findings_schema = outputs.check_table(out_dir, "findings")
    record_files, records_schema = outputs.check_table(out_dir, "records")
    rejects, _ = outputs.count_rejects(out_dir)

    finding_cols = list(_FINDING_COLUMNS)
    if "field_length" in findings_schema.names:
        finding_cols.append("field_length")
    findings_rows = 0
    for path in finding_files:
        try:
            with storage.open_binary(path) as fh:
                findings_rows += pq.ParquetFile(fh).metadata.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise outputs.UnusableOutput(f"{path}: unreadable Parquet file ({outputs._one_line(exc)})") from None

    violation_counts = {code: 0 for code in VIOLATION_CODES}
    records_rows = n_violation_free = n_findings_sum = 0
    per_source_parts: list[pa.Table] = []
    record_cols = ["source", "n_findings", "has_sensitive", "violations"]
    for batch in outputs.iter_batches(record_files, record_cols, CHUNK_ROWS):
        records = pa.Table.from_batches([batch])
        records_rows += records.num_rows
        flat = pc.list_flatten(records["violations"])
        if len(flat):
            for row in pc.value_counts(flat).to_pylist():
                code = str(row["values"])
                violation_counts[code] = violation_counts.get(code, 0) + int(row["counts"])
        n_violation_free += int(pc.sum(pc.equal(pc.list_value_length(records["violations"]), 0)).as_py() or 0)
        n_findings_sum += int(pc.sum(records["n_findings"]).as_py() or 0)
        per_source_parts.append(_source_counts(records))
    per_source = _per_source(per_source_parts, policy)

    records_read = int(summary["records_read"])
    coverage = summary.get("lineage_coverage")
    manifest_used = coverage is not None or bool(summary.get("manifest"))
    metrics = {
        "records_rows": records_rows,
        "rejects_rows": rejects,
        "records_read": records_read,
        "accounting_gap": records_rows + rejects - records_read,
        "findings_rows": findings_rows,
        "findings_total": int(summary["findings_total"]),
        "findings_gap_summary": findings_rows - int(summary["findings_total"]),
        "records_n_findings": n_findings_sum,
        "findings_gap_records": findings_rows - n_findings_sum,
        "reject_rate": (rejects / records_read) if records_read else 0.0,
        "violation_free_share": (n_violation_free / records_rows) if records_rows else 1.0,
        "lineage_coverage": float(coverage) if coverage is not None else float("nan"),
        "manifest_used": manifest_used,
    }
    for code, n in violation_counts.items():
        metrics[f"violations.{code}"] = n

    frames = {"sources": per_source, "metrics": pd.DataFrame([metrics])}
    chunked = {
        "findings": lambda: _read_chunks(finding_files, finding_cols, findings_schema, _shape_findings),
        "records": lambda: _read_chunks(record_files, _RECORD_GX_COLUMNS, records_schema, lambda t: t),
    }
    return ScanFacts(summary, findings_schema, records_rows, findings_rows, rejects,
                     violation_counts, frames, chunked)


def _source_counts(records: pa.Table) -> pa.Table:
    table = pa.table({
        "source": pc.fill_null(records["source"], ""),
        "with_pi": pc.cast(pc.greater(pc.fill_null(records["n_findings"], 0), 0), pa.int64()),
        "with_sensitive": pc.cast(pc.fill_null(records["has_sensitive"], False), pa.int64()),
    })
    return table.group_by("source").aggregate(
        [("source", "count"), ("with_pi", "sum"), ("with_sensitive", "sum")]
    ).rename_columns(["source", "records", "with_pi", "with_sensitive"])


def _per_source(parts: list[pa.Table], policy: Policy) -> pd.DataFrame:
    """Per-source record counts and shares, summed over the chunks' counts
    (one row per source, so this stays small)."""
    empty = pa.table({"source": pa.array([], pa.string()), "records": pa.array([], pa.int64()),
                      "with_pi": pa.array([], pa.int64()), "with_sensitive": pa.array([], pa.int64())})
    table = pa.concat_tables([empty, *parts]) if parts else empty
    grouped = table.group_by("source").aggregate(
        [("records", "sum"), ("with_pi", "sum"), ("with_sensitive", "sum")]
    ).rename_columns(["source", "records", "with_pi", "with_sensitive"]).sort_by("source")
    frame = grouped.to_pandas()
    frame["pi_share"] = frame["with_pi"] / frame["records"]
    frame["sensitive_share"] = frame["with_sensitive"] / frame["records"]
    # A source without a limit gets 1.0, which every share satisfies, so one
    # pair expectation covers sources with and without overrides.
    frame["pi_limit"] = [_or_one(policy.source_limit(s, "max_pi_share")) for s in frame["source"]]
    frame["sensitive_limit"] = [_or_one(policy.source_limit(s, "max_sensitive_share")) for s in frame["source"]]
    return frame


def _or_one(value: float | None) -> float:
    return 1.0 if value is None else float(value)


# ------------------------------------------------------------- the checks


def _meta(name: str) -> dict:
    return {"check": name}


def integrity_checks(facts: ScanFacts) -> tuple[list[_Check], list[Outcome]]:
    """GX checks of the integrity suite, and the ones decided on Arrow schemas."""
    import great_expectations.expectations as gxe

    decided = [
        Outcome("integrity", "findings.schema_matches_contract", True,
                {"columns": len(facts.findings_schema.names)},
                "contract columns with contract Arrow types", engine="pyarrow"),
        Outcome("integrity", "records.schema_matches_contract", True,
                {"columns": len(outputs.CONTRACT_COLUMNS["records"])},
                "contract columns with contract Arrow types", engine="pyarrow"),
    ]
    raw_cols = sorted(c for c in facts.findings_schema.names if c.lower() in RAW_VALUE_COLUMNS)
    decided.append(Outcome("integrity", "findings.no_raw_value_columns", not raw_cols,
                           {"raw_value_columns": raw_cols}, "no column that holds matched values",
                           engine="pyarrow"))

    def gap(*cols: str) -> Callable[[dict], Any]:
        def observe(_: dict) -> dict:
            row = facts.frames["metrics"].iloc[0]
            return {c: row[c] for c in cols}
        return observe

    m = _meta
    checks = [
        _Check("integrity", "findings.start_non_negative", "findings",
               gxe.ExpectColumnValuesToBeBetween(column="start", min_value=0, meta=m("findings.start_non_negative")),
               "start >= 0"),
        _Check("integrity", "findings.end_after_start", "findings",
               gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="end", column_B="start", or_equal=False,
                                                           meta=m("findings.end_after_start")),
               "end > start"),
        _Check("integrity", "findings.score_in_unit_interval", "findings",
               gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1,
                                                 meta=m("findings.score_in_unit_interval")),
               "0 <= score <= 1"),
        _Check("integrity", "findings.masked_present", "findings",
               gxe.ExpectColumnValuesToNotBeNull(column="masked", meta=m("findings.masked_present")),
               "masked not null"),
        _Check("integrity", "findings.masked_is_masked", "findings",
               gxe.ExpectColumnValuesToMatchRegex(column="masked", regex=MASKED_REGEX,
                                                  meta=m("findings.masked_is_masked")),
               f"masked contains '{MASK_CHAR}' or is at most {UNMASKED_MAX_LEN} characters"),
        _Check("integrity", "findings.value_hash_is_hmac_hex", "findings",
               gxe.ExpectColumnValuesToMatchRegex(column="value_hash", regex=HMAC_HEX_REGEX,
                                                  meta=m("findings.value_hash_is_hmac_hex")),
               "64 lowercase hex digits (HMAC-SHA256)"),
        _Check("integrity", "findings.pipl_category_known", "findings",
               gxe.ExpectColumnValuesToBeInSet(column="pipl_category", value_set=list(CATEGORIES),
                                               meta=m("findings.pipl_category_known")),
               "one of " + ", ".join(CATEGORIES)),
        _Check("integrity", "findings.sensitive_matches_category", "findings",
               gxe.ExpectColumnValuesToBeInSet(column="sensitive_mismatch", value_set=[False],
                                               meta=m("findings.sensitive_matches_category")),
               "sensitive is true exactly when pipl_category is not general"),
        _Check("integrity", "records.n_findings_non_negative", "records",
               gxe.ExpectColumnValuesToBeBetween(column="n_findings", min_value=0,
                                                 meta=m("records.n_findings_non_negative")),
               "n_findings >= 0"),
        _Check("integrity", "records.action_known", "records",
               gxe.ExpectColumnValuesToBeInSet(column="action", value_set=list(ACTIONS),
                                               meta=m("records.action_known")),
               "one of " + ", ".join(ACTIONS)),
        _Check("integrity", "records.lineage_status_known", "records",
               gxe.ExpectColumnValuesToBeInSet(
                   column="lineage_status",
                   value_set=[LINEAGE_MATCHED, LINEAGE_UNMATCHED, LINEAGE_NO_MANIFEST],
                   meta=m("records.lineage_status_known")),
               "matched, unmatched or no_manifest"),
        _Check("integrity", "accounting.records_plus_rejects_equal_read", "metrics",
               gxe.ExpectColumnMaxToBeBetween(column="accounting_gap", min_value=0, max_value=0,
                                              meta=m("accounting.records_plus_rejects_equal_read")),
               "records rows + rejects rows = summary records_read",
               gap("records_rows", "rejects_rows", "records_read")),
        _Check("integrity", "accounting.findings_equal_summary", "metrics",
               gxe.ExpectColumnMaxToBeBetween(column="findings_gap_summary", min_value=0, max_value=0,
                                              meta=m("accounting.findings_equal_summary")),
               "findings rows = summary findings_total",
               gap("findings_rows", "findings_total")),
        _Check("integrity", "accounting.findings_equal_records_n_findings", "metrics",
               gxe.ExpectColumnMaxToBeBetween(column="findings_gap_records", min_value=0, max_value=0,
                                              meta=m("accounting.findings_equal_records_n_findings")),
               "findings rows = sum of records n_findings",
               gap("findings_rows", "records_n_findings")),
    ]
    if "field_length" in facts.findings_schema.names:
        checks.insert(2, _Check(
            "integrity", "findings.end_within_field", "findings",
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="field_length", column_B="end", or_equal=True,
                                                        meta=m("findings.end_within_field")),
            "end <= field_length"))
    return checks, decided


def policy_checks(facts: ScanFacts, policy: Policy) -> tuple[list[_Check], list[Outcome]]:
    import great_expectations.expectations as gxe

    checks: list[_Check] = []
    decided: list[Outcome] = []
    metrics = facts.frames["metrics"].iloc[0]
    manifest_used = bool(metrics["manifest_used"])

    for code, limit in policy.max_violations.items():
        if limit is None:
            continue
        name = f"max_violations.{code}"
        checks.append(_Check(
            "policy", name, "metrics",
            gxe.ExpectColumnMaxToBeBetween(column=f"violations.{code}", max_value=limit, meta=_meta(name)),
            f"<= {limit} records"))

    if policy.require_manifest:
        checks.append(_Check(
            "policy", "require_manifest", "metrics",
            gxe.ExpectColumnValuesToBeInSet(column="manifest_used", value_set=[True], meta=_meta("require_manifest")),
            "scan run with --lineage", lambda _: manifest_used))

    if policy.min_lineage_coverage is not None:
        if manifest_used:
            checks.append(_Check(
                "policy", "min_lineage_coverage", "metrics",
                gxe.ExpectColumnMinToBeBetween(column="lineage_coverage", min_value=policy.min_lineage_coverage,
                                               meta=_meta("min_lineage_coverage")),
                f">= {policy.min_lineage_coverage}"))
        else:
            # Coverage is undefined without a manifest; require_manifest is the
            # policy's way to fail such a scan, so this one is recorded as skipped.
            decided.append(Outcome("policy", "min_lineage_coverage", True, None,
                                   f">= {policy.min_lineage_coverage} (judged only with a manifest)",
                                   engine="none", skipped=True))

    if policy.max_reject_rate is not None:
        checks.append(_Check(
            "policy", "max_reject_rate", "metrics",
            gxe.ExpectColumnMaxToBeBetween(column="reject_rate", max_value=policy.max_reject_rate,
                                           meta=_meta("max_reject_rate")),
            f"<= {policy.max_reject_rate}"))

    if policy.min_violation_free_share is not None:
        checks.append(_Check(
            "policy", "min_violation_free_share", "metrics",
            gxe.ExpectColumnMinToBeBetween(column="violation_free_share", min_value=policy.min_violation_free_share,
                                           meta=_meta("min_violation_free_share")),
            f">= {policy.min_violation_free_share}"))

    sources = facts.frames["sources"]
    for key, share, limit in (("max_pi_share", "pi_share", "pi_limit"),
                              ("max_sensitive_share", "sensitive_share", "sensitive_limit")):
        has_limit = getattr(policy, key) is not None or any(
            key in over for over in policy.source_limits.values())
        if not has_limit:
            continue
        name = f"per_source.{key}"
        checks.append(_Check(
            "policy", name, "sources",
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A=limit, column_B=share, or_equal=True,
                                                        meta=_meta(name)),
            f"each source's {share} <= its limit",
            _over_limit(sources, share, limit)))
    return checks, decided


def _over_limit(frame: pd.DataFrame, share: str, limit: str) -> Callable[[dict], Any]:
    def observe(result: dict) -> dict:
        # Only the source names are taken from GX's index list; the list also
        # repeats row values, which are kept out of gate.json on principle.
        names = [row.get("source") for row in result.get("unexpected_index_list") or []
                 if isinstance(row, dict)]
        wanted = frame[frame["source"].isin(names)]
        over = [{"source": r["source"], "share": round(float(r[share]), 6), "limit": float(r[limit]),
                 "records": int(r["records"])} for _, r in wanted.iterrows()]
        over.sort(key=lambda o: o["share"] - o["limit"], reverse=True)
        return {"sources": int(len(frame)), "over_limit": len(over), "worst": over[:MAX_LISTED_SOURCES]}
    return observe


# ------------------------------------------------------------ running GX

_KEPT_RESULT_KEYS = ("element_count", "unexpected_count", "unexpected_percent", "missing_count")


def _observed(result: dict) -> Any:
    # A whitelist: GX results also carry partial_unexpected_list and friends,
    # which would copy column values (e.g. an unmasked preview) into gate.json.
    if "observed_value" in result:
        return plain(result["observed_value"])
    return {k: plain(result[k]) for k in _KEPT_RESULT_KEYS if k in result}


def _merge_counts(total: dict | None, result: dict) -> dict:
    """Sum one chunk's element and unexpected counts into the running total."""
    total = dict(total or {})
    for key in ("element_count", "unexpected_count", "missing_count"):
        if key in result:
            total[key] = int(total.get(key, 0)) + int(result[key] or 0)
    present = total.get("element_count", 0) - total.get("missing_count", 0)
    if "unexpected_count" in total:
        total["unexpected_percent"] = 100.0 * total["unexpected_count"] / present if present else 0.0
    return total


def run_checks(facts: ScanFacts, checks: list[_Check]) -> list[Outcome]:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    # Progress bars would write to stderr on every validation.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_pandas("piplscan_outputs")

    by_key: dict[tuple[str, str], list[_Check]] = {}
    for check in checks:
        by_key.setdefault((check.suite, check.frame), []).append(check)

    outcomes: list[Outcome] = []
    for (suite_name, frame_name), group in by_key.items():
        asset = _asset(datasource, frame_name)
        suite = context.suites.add(gx.ExpectationSuite(name=f"{suite_name}.{frame_name}"))
        for check in group:
            suite.add_expectation(check.expectation)
        if frame_name == "sources":
            result_format: dict = {"result_format": "COMPLETE", "unexpected_index_column_names": ["source"],
                                   "partial_unexpected_count": 0}
        else:
            result_format = {"result_format": "BASIC", "partial_unexpected_count": 0}
        chunks = facts.chunked[frame_name]() if frame_name in facts.chunked else iter([facts.frames[frame_name]])
        # check name -> [success so far, merged counts, error, last GX result]
        merged: dict[str, list] = {c.name: [True, None, None, None] for c in group}
        seen: set[str] = set()
        for frame in chunks:
            batch = asset.get_batch_definition("all").get_batch(batch_parameters={"dataframe": frame})
            validation = batch.validate(suite, result_format=result_format)
            for r in validation.results:
                name = r.expectation_config.meta.get("check")
                if name not in merged:
                    continue
                seen.add(name)
                state = merged[name]
                info = r.exception_info or {}
                if info.get("raised_exception"):
                    state[0] = False
                    state[2] = state[2] or " ".join(str(info.get("exception_message")).split())[:200]
                    continue
                state[0] = state[0] and bool(r.success)
                state[1] = _merge_counts(state[1], r.result or {})
                state[3] = r.result or {}
            del frame, batch
        for check in group:
            success, counts, error, last = merged[check.name]
            if check.name not in seen:
                outcomes.append(Outcome(suite_name, check.name, False, {"error": "no result from GX"}, check.expected))
                continue
            if error:
                observed: Any = {"error": error}
            elif check.observe is not None:
                observed = check.observe(last or {})
            elif frame_name in facts.chunked:
                observed = {k: v for k, v in (counts or {}).items() if k in _KEPT_RESULT_KEYS}
            else:
                observed = _observed(last or {})
            outcomes.append(Outcome(suite_name, check.name, bool(success) and not error, plain(observed),
                                    check.expected))
    return outcomes


def _asset(datasource: Any, name: str) -> Any:
    for asset in datasource.assets:
        if asset.name == name:
            return asset
    asset = datasource.add_dataframe_asset(name)
    asset.add_batch_definition_whole_dataframe("all")
    return asset


def evaluate(out_dir: str, policy: Policy) -> list[Outcome]:
    """All outcomes of both suites, in suite order. Raises UnusableOutput."""
    facts = collect(out_dir, policy)
    integrity, integrity_decided = integrity_checks(facts)
    policy_gx, policy_decided = policy_checks(facts, policy)
    ran = run_checks(facts, integrity + policy_gx)
    ordered = integrity_decided + [o for o in ran if o.suite == "integrity"]
    ordered += [o for o in ran if o.suite == "policy"] + policy_decided
    return ordered
