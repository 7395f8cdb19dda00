"""Output schemas: the column names and types of ../shared/spec/contract.md."""

from __future__ import annotations

import pyarrow as pa

FINDINGS_SCHEMA = pa.schema(
    [
        ("scan_id", pa.string()),
        ("record_id", pa.string()),
        ("source", pa.string()),
        ("field", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("entity_type", pa.string()),
        ("pipl_category", pa.string()),
        ("sensitive", pa.bool_()),
        ("score", pa.float64()),
        ("detector", pa.string()),
        ("masked", pa.string()),
        ("value_hash", pa.string()),
    ]
)

# What the scan writes: the contract's columns, then the length of the field
# the span is in, so that offsets can be checked without the text, then the
# record's input file and location, as in RECORDS_SCHEMA. (source, record_id)
# need not be unique: records without an id are named "<file name>:<line>",
# which two files of the same name share, and a corpus may repeat its own
# ids. (input_path, location) is unique, and joins a finding to its record.
FINDINGS_OUTPUT_SCHEMA = pa.schema([
    *FINDINGS_SCHEMA,
    ("field_length", pa.int64()),
    ("input_path", pa.string()),
    ("location", pa.string()),
])
FINDING_RECORD_KEYS = ("input_path", "location")

RECORDS_SCHEMA = pa.schema(
    [
        ("scan_id", pa.string()),
        ("record_id", pa.string()),
        ("source", pa.string()),
        ("n_findings", pa.int64()),
        ("entity_types", pa.list_(pa.string())),
        ("pipl_categories", pa.list_(pa.string())),
        ("has_sensitive", pa.bool_()),
        ("lineage_status", pa.string()),
        ("violations", pa.list_(pa.string())),
        ("action", pa.string()),
        # Beyond the contract: where the record came from, and its size.
        ("input_path", pa.string()),
        ("location", pa.string()),
        ("subject_id_hash", pa.string()),
        ("bytes", pa.int64()),
    ]
)

# The per-subject consent ledger of spec/lineage.md, as Parquet.
LEDGER_SCHEMA = pa.schema(
    [
        ("subject_id", pa.string()),
        ("purposes", pa.list_(pa.string())),
        ("separate_consent_sensitive", pa.bool_()),
        ("guardian_consent_minors", pa.bool_()),
        ("granted_at", pa.date32()),
        ("withdrawn_at", pa.date32()),
    ]
)

# rejects/*.jsonl keys: scan_id, input_path, location (file:line or file:row:N,
# or the file alone when the whole file is unreadable), line (int or null),
# reason (a short code), detail (one line, never raw text).
REJECT_KEYS = ("scan_id", "input_path", "location", "line", "reason", "detail")

LINEAGE_MATCHED = "matched"
LINEAGE_UNMATCHED = "unmatched"
LINEAGE_NO_MANIFEST = "no_manifest"

ACTIONS = ("keep", "redact", "drop", "review")
