"""Writes consents.parquet, the per-subject consent ledger of the example.

Synthetic subjects only. Rerun after editing ROWS:
    python examples/lineage/make_ledger.py
Each row overrides its source's consent block for that subject (spec/lineage.md).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipelines.schema import LEDGER_SCHEMA as SCHEMA  # noqa: E402

D = dt.date

# subject_id, purposes, separate_consent_sensitive, guardian_consent_minors, granted_at, withdrawn_at
ROWS = [
    # cs-chat: withdrew before the scan date (2026-11-27) → CONSENT_WITHDRAWN, drop.
    ("u005", ["model_training", "customer_service"], False, False, D(2026, 1, 10), D(2026, 10, 1)),
    # cs-chat: withdrawal dated after the scan → not yet a withdrawal.
    ("u006", ["model_training", "customer_service"], False, False, D(2026, 1, 10), D(2027, 1, 15)),
    # cs-chat: this subject agreed to customer service only → PURPOSE_NOT_COVERED.
    ("u010", ["customer_service"], False, False, D(2026, 2, 1), None),
    # hr-resumes: agreed to training, but the source's validity period has lapsed.
    ("u032", ["recruitment", "model_training"], False, False, D(2025, 1, 5), None),
    # med-qa: separate consent and a guardian's consent on file → neither Art. 29 nor 31 violation.
    ("u041", ["model_training", "medical_consultation"], True, True, D(2026, 3, 3), None),
    # med-qa: separate consent, but no guardian's.
    ("u042", ["model_training", "medical_consultation"], True, False, D(2026, 3, 4), None),
]



def main() -> None:
    columns = list(zip(*ROWS))
    table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, SCHEMA)], schema=SCHEMA)
    out = Path(__file__).with_name("consents.parquet")
    pq.write_table(table, out)
    print(f"wrote {out} ({table.num_rows} rows)")


if __name__ == "__main__":
    main()
