"""Local worker processes forked from a warm parent.

Beam's local multi-process mode starts each worker as a fresh Python
(``python -m apache_beam.runners.worker.sdk_worker_main``), which then
imports Beam's worker, Presidio, spaCy and jieba and builds the detection
engine: about 5 s of CPU per worker before the first record, while the
one-worker scan pays only the engine. On a small corpus that start-up is a
large share of the run.

Here the workers come from a ``multiprocessing`` fork server instead. The
scan starts it early (while the driver plans the inputs and builds the
pipeline); the server imports Beam's worker and, when the scan's engine
configuration is handed to it, builds one detection engine. Every worker is
a fork of that process: it starts with the modules imported and the engine
built, and shares their memory pages with its siblings until it writes to
them. The workers themselves are Beam's own SDK harness, speaking the same
Fn API to the same runner as before.

Only for local runs on platforms with ``fork``; everywhere else the scan
uses Beam's subprocess workers unchanged.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

from apache_beam.portability.api import endpoints_pb2
from apache_beam.runners.portability.fn_api_runner import worker_handlers
from apache_beam.transforms import environments

from .forkserver import WORKER_LOG_ENV, send_output_to

URN = "piplscan:env:forked_python:v1"


@environments.Environment.register_urn(URN, bytes)
class ForkedPythonEnvironment(environments.Environment):
    """Python SDK workers forked from the scan's fork server."""

    def to_runner_api_parameter(self, context):
        return URN, b""

    @staticmethod
    def from_runner_api_parameter(payload, capabilities, artifacts, resource_hints, context):
        return ForkedPythonEnvironment(capabilities, artifacts, resource_hints)

    @classmethod
    def default(cls) -> "ForkedPythonEnvironment":
        return cls(capabilities=environments.python_sdk_capabilities(), artifacts=())


def _worker_main(env: dict) -> None:
    """Body of a forked worker: Beam's SDK harness with the runner's
    environment (control and logging endpoints, pipeline options, the scan
    key) as a subprocess worker would have it."""
    os.environ.clear()
    os.environ.update(env)
    if env.get(WORKER_LOG_ENV):
        send_output_to(env[WORKER_LOG_ENV])
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main([])


@worker_handlers.WorkerHandler.register_environment(URN, bytes)
class ForkedWorkerHandler(worker_handlers.GrpcWorkerHandler):
    """Starts one forked worker and waits for it, like Beam's handler for
    subprocess workers; the worker's log records come back through a
    logging service of its own."""

    def __init__(self, payload, state, provision_info, grpc_server):
        super().__init__(state, provision_info, grpc_server)
        self._thread: threading.Thread | None = None

    def start_worker(self) -> None:
        self._thread = threading.Thread(name="run_forked_worker", target=self._run, daemon=True)
        self._thread.start()

    def stop_worker(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        import grpc
        from apache_beam.portability.api import beam_fn_api_pb2_grpc
        from apache_beam.runners.portability.local_job_service import BeamFnLoggingServicer
        from apache_beam.utils import thread_pool_executor
        from google.protobuf import json_format, text_format

        logging_server = grpc.server(
            thread_pool_executor.shared_unbounded_instance(),
            options=[("grpc.http2.max_pings_without_data", 0), ("grpc.http2.max_ping_strikes", 0)],
        )
        logging_port = logging_server.add_insecure_port("localhost:0")
        beam_fn_api_pb2_grpc.add_BeamFnLoggingServicer_to_server(BeamFnLoggingServicer(), logging_server)
        logging_server.start()
        env = dict(
            os.environ,
            CONTROL_API_SERVICE_DESCRIPTOR=text_format.MessageToString(
                endpoints_pb2.ApiServiceDescriptor(url=self.control_address)
            ),
            LOGGING_API_SERVICE_DESCRIPTOR=text_format.MessageToString(
                endpoints_pb2.ApiServiceDescriptor(url=f"localhost:{logging_port}")
            ),
            PIPELINE_OPTIONS=json_format.MessageToJson(self.provision_info.provision_info.pipeline_options),
        )
        if self.worker_id:
            env["WORKER_ID"] = self.worker_id
        proc = multiprocessing.get_context("forkserver").Process(
            target=_worker_main, args=(env,), name=f"piplscan-worker-{self.worker_id}", daemon=True
        )
        try:
            with worker_handlers.SUBPROCESS_LOCK:
                proc.start()
            proc.join()
            if proc.exitcode:
                raise RuntimeError(f"worker process exited with code {proc.exitcode}")
        finally:
            if proc.is_alive():
                proc.kill()
            logging_server.stop(0)

