"""The warm process that local scan workers are forked from.

Importing this module is cheap; it neither imports Beam nor builds anything.
:func:`start` launches a ``multiprocessing`` fork server that imports this
module again: there, and only there, it imports Beam's worker and builds the
scan's detection engine, so that every worker forked from it starts ready
(see :mod:`runners.warm_workers`). The scan calls :func:`start` first thing,
so that the server loads while the driver imports Beam, plans the inputs and
builds the pipeline.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import multiprocessing
import os
import pickle
import sys

log = logging.getLogger(__name__)

# Set only in the fork server's environment: that it is one, and the engine
# configuration it prebuilds (pickled, base64'd).
SERVER_ENV = "PIPLSCAN_FORK_SERVER"
ENGINE_ENV = "PIPLSCAN_PREBUILD_ENGINE"
MAIN_ENV = "PIPLSCAN_DRIVER_MAIN"
# Where forked workers (and the server itself) send what they print.
WORKER_LOG_ENV = "PIPLSCAN_WORKER_LOG"

LOCAL_RUNNER_NAMES = {None, "", "DirectRunner", "direct", "FnApiRunner"}


def offline_environment() -> None:
    """Make libraries that like to download things stay on this machine
    (set before any worker process, forked or not, is started)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def forked_worker_count(beam_args: list[str]) -> int:
    """How many forked workers a local scan with these Beam arguments runs;
    0 when it runs on another runner, in one process, or in a running mode
    the user chose (``--direct_running_mode``)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--runner")
    p.add_argument("--direct_num_workers", type=int)
    p.add_argument("--direct_running_mode")
    try:
        known, _ = p.parse_known_args(beam_args)
    except SystemExit:  # a malformed value: Beam reports it later
        return 0
    if known.runner not in LOCAL_RUNNER_NAMES or known.direct_running_mode is not None:
        return 0
    workers = known.direct_num_workers or os.cpu_count() or 1
    return workers if workers > 1 and available() else 0


def available() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def start(engine_config=None, log_path: str | None = None) -> bool:
    """Launch the fork server in the background; ``True`` when workers can
    be forked from it. Returns at once: the server's imports and engine
    build run in its own process.

    A server already running in this process (an earlier scan in the same
    Python) is reused as it is; its engine may be for another configuration,
    and workers then build their own."""
    if not available():
        return False
    from multiprocessing import forkserver

    saved = {k: os.environ.get(k) for k in (SERVER_ENV, ENGINE_ENV, WORKER_LOG_ENV, MAIN_ENV)}
    os.environ[SERVER_ENV] = "1"
    os.environ[MAIN_ENV] = json.dumps(_driver_main())
    if engine_config is not None:
        os.environ[ENGINE_ENV] = base64.b64encode(pickle.dumps(engine_config)).decode("ascii")
    if log_path:
        os.environ[WORKER_LOG_ENV] = log_path
    try:
        forkserver.set_forkserver_preload([__name__])
        forkserver.ensure_running()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return True


def send_output_to(log_path: str) -> None:
    """Point this process's standard output and error at ``log_path``."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def _driver_main() -> dict:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    path = getattr(main, "__file__", None)
    return {"name": getattr(spec, "name", None), "path": os.path.abspath(path) if path else None}


def _adopt_driver_main(encoded: str | None) -> None:
    """Make the server's ``__main__`` look like the driver's.

    A process started by ``multiprocessing`` re-runs its parent's main
    module first (as ``__mp_main__``), unless its own ``__main__`` already
    has that name or file. A scan's workers need nothing from the driver's
    main module: Beam ships their code pickled. Re-running it would start a
    user's script again inside every worker (a script without an
    ``if __name__ == "__main__"`` guard would start a second scan), so every
    worker inherits a ``__main__`` that matches the driver's, and none is
    re-run."""
    if not encoded:
        return
    import importlib.machinery

    info = json.loads(encoded)
    main = sys.modules["__main__"]
    if info.get("path"):
        main.__file__ = info["path"]
    if info.get("name"):
        main.__spec__ = importlib.machinery.ModuleSpec(info["name"], None)


def _prepare_server() -> None:
    """Runs on import in the fork server (only there is ``SERVER_ENV``
    set): quiet start-up, Beam's worker imported, the engine built."""
    if os.environ.pop(SERVER_ENV, None) is None or multiprocessing.parent_process() is not None:
        return
    encoded = os.environ.pop(ENGINE_ENV, None)
    _adopt_driver_main(os.environ.pop(MAIN_ENV, None))
    log_path = os.environ.pop(WORKER_LOG_ENV, None)
    if log_path:
        # Import-time chatter of Beam and friends goes to the worker log,
        # not over the scan's progress line.
        send_output_to(log_path)
    try:
        import apache_beam.runners.worker.sdk_worker_main  # noqa: F401  (for the workers)

        if encoded is not None:
            from detectors.engine import prebuild

            prebuild(pickle.loads(base64.b64decode(encoded)))
    except Exception as e:  # a worker that finds no engine builds its own
        log.warning("piplscan: could not prebuild the detection engine for forked workers (%s)", type(e).__name__)


_prepare_server()
