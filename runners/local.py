"""Choosing the Beam runner, offline by design.

With no ``--runner`` (or ``--runner=DirectRunner``) piplscan runs the
pipeline on Beam's FnApiRunner directly. Beam's ``DirectRunner`` would first
try the Prism runner, whose binary it downloads at run time; there is no
network on most scan hosts, and a scan must not depend on one. Every other
runner (``PortableRunner`` with ``--job_endpoint``, ``DataflowRunner``,
``FlinkRunner``, ``SparkRunner``, or ``PrismRunner`` when asked for by name)
is passed to Beam unchanged.
"""

from __future__ import annotations

import os

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions, WorkerOptions

from . import forkserver

LOCAL_RUNNER_NAMES = forkserver.LOCAL_RUNNER_NAMES


def is_local(options: PipelineOptions) -> bool:
    return options.view_as(StandardOptions).runner in LOCAL_RUNNER_NAMES


def loopback_usable(timeout: float = 2.0) -> bool:
    """True when this host can connect to itself over 127.0.0.1.

    Local worker processes talk to the runner over gRPC on the loopback
    interface; without it they never connect and the scan would wait forever,
    so the CLI checks first and fails with one line instead."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=timeout):
                return True
    except OSError:
        return False


def make_pipeline(beam_args: list[str], engine_config=None) -> tuple[beam.Pipeline, PipelineOptions, bool]:
    """A pipeline for the given Beam arguments; ``True`` when it runs locally.

    Local scans with several workers fork them from a warm process
    (:mod:`runners.warm_workers`), which is started here so that it loads
    while the caller plans the inputs; ``engine_config`` is the detection
    engine it prebuilds. ``--direct_running_mode=multi_processing`` given
    explicitly keeps Beam's own subprocess workers."""
    options = PipelineOptions(beam_args)
    if not is_local(options):
        return beam.Pipeline(options=options), options, False
    from apache_beam.runners.portability.fn_api_runner import fn_runner

    direct = options.view_as(DirectOptions)
    given = " ".join(beam_args)
    if "--direct_num_workers" not in given:
        direct.direct_num_workers = os.cpu_count() or 1
    elif not direct.direct_num_workers:  # Beam's convention: 0 means all cores
        direct.direct_num_workers = os.cpu_count() or 1
    environment = None
    if "--direct_running_mode" not in given:
        # One worker process per core; a single worker runs in this process.
        direct.direct_running_mode = "multi_processing" if direct.direct_num_workers > 1 else "in_memory"
        if forkserver.forked_worker_count(beam_args) and forkserver.start(engine_config):
            from . import warm_workers

            environment = warm_workers.ForkedPythonEnvironment.default()
            # Beam replaces the runner's environment with subprocess workers
            # when it sees "multi_processing"; the worker count alone is what
            # the forked environment needs.
            direct.direct_running_mode = None
    if "--default_sdk_harness_log_level" not in given:
        # Worker processes would otherwise log every bundle at INFO level
        # over the progress line and the final summary.
        options.view_as(WorkerOptions).default_sdk_harness_log_level = "WARNING"
    options.view_as(StandardOptions).runner = None
    # Worker processes learn the pipeline's options (their log level among
    # them) from the provision info, as under Beam's own DirectRunner.
    from apache_beam.portability.api import beam_provision_api_pb2
    from apache_beam.runners.portability.portable_runner import JobServiceHandle

    encoded = JobServiceHandle.encode_pipeline_options(options.get_all_options())
    provision = fn_runner.ExtendedProvisionInfo(beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded))
    runner = fn_runner.FnApiRunner(default_environment=environment, provision_info=provision)
    return beam.Pipeline(runner=runner, options=options), options, True


def runs_in_process(options: PipelineOptions) -> bool:
    """LOOPBACK workers run inside this process (and see its environment)."""
    from apache_beam.options.pipeline_options import PortableOptions

    return (options.view_as(PortableOptions).environment_type or "").upper() == "LOOPBACK"


def worker_count(options: PipelineOptions) -> int:
    return int(options.view_as(DirectOptions).direct_num_workers or 1)


class WorkerOutputToFile:
    """Send what local worker processes print to a log file.

    Beam's worker processes inherit this process's stderr and write their
    start-up chatter to it before any log level applies. During the run,
    file descriptor 2 points at ``log_path``; Python's ``sys.stderr`` keeps
    the terminal, so the progress line and errors still show.
    """

    def __init__(self, log_path: str):
        self.log_path = log_path

    def __enter__(self):
        import sys

        sys.stderr.flush()
        self._saved_fd = os.dup(2)
        self._saved_stream = sys.stderr
        self._log = open(self.log_path, "ab")
        os.dup2(self._log.fileno(), 2)
        # Forked workers (runners/warm_workers.py) inherit their standard
        # streams from the fork server, not from here: they reopen this file.
        os.environ["PIPLSCAN_WORKER_LOG"] = self.log_path
        sys.stderr = os.fdopen(os.dup(self._saved_fd), "w", buffering=1, encoding="utf-8", errors="replace")
        return self

    def __exit__(self, *exc):
        import sys

        sys.stderr.flush()
        os.environ.pop("PIPLSCAN_WORKER_LOG", None)
        os.dup2(self._saved_fd, 2)
        os.close(self._saved_fd)
        sys.stderr.close()
        sys.stderr = self._saved_stream
        self._log.close()
        return False
