"""The pre-training gate: Great Expectations suites over a scan's outputs.

GX is imported lazily by :mod:`expectations.suites`; this module only makes
sure that, whichever module imports GX first, it finds analytics switched off,
because the gate must run offline and send nothing anywhere.
"""

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
