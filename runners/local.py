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
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

LOCAL_RUNNER_NAMES = {None, "", "DirectRunner", "direct", "FnApiRunner"}


def is_local(options: PipelineOptions) -> bool:
    return options.view_as(StandardOptions).runner in LOCAL_RUNNER_NAMES


def offline_environment() -> None:
    """Make libraries that like to download things stay on this machine."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def make_pipeline(beam_args: list[str]) -> tuple[beam.Pipeline, PipelineOptions, bool]:
    """A pipeline for the given Beam arguments; ``True`` when it runs locally."""
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
    if "--direct_running_mode" not in given:
        # One worker process per core; a single worker runs in this process.
        direct.direct_running_mode = "multi_processing" if direct.direct_num_workers > 1 else "in_memory"
    options.view_as(StandardOptions).runner = None
    return beam.Pipeline(runner=fn_runner.FnApiRunner(), options=options), options, True


def runs_in_process(options: PipelineOptions) -> bool:
    """LOOPBACK workers run inside this process (and see its environment)."""
    from apache_beam.options.pipeline_options import PortableOptions

    return (options.view_as(PortableOptions).environment_type or "").upper() == "LOOPBACK"


def worker_count(options: PipelineOptions) -> int:
    return int(options.view_as(DirectOptions).direct_num_workers or 1)
