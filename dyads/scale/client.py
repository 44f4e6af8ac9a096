"""The cluster: a Dask client (of a local cluster or a remote scheduler) and the pipeline on its workers.

`PipelinePlugin` loads the dyads pipeline once per worker; `start_workers` registers it and
checks that every worker codes with the same versions. Tasks take the pipeline from here
(`worker_pipeline`). Dask is imported only when a cluster is asked for: without the `dask`
extra, `require_dask` says what to install.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dyads.errors import DyadsError
from dyads.settings import Settings

PLUGIN = "dyads-pipeline"
INSTALL = 'pip install "dyads[dask]"'
WAIT_FOR_WORKERS_S = 300  # a batch-queue cluster (Slurm, PBS) may take minutes to start its first worker


class ScaleError(DyadsError):
    """The cluster cannot be reached or used, or part files cannot be written."""


class DaskMissing(DyadsError):
    """dask[distributed] is not installed (the `dask` extra)."""


def require_dask() -> None:
    """Import distributed, or raise DaskMissing naming the pip line that installs it."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskMissing(
            f"--workers and --scheduler need Dask's distributed scheduler ({exc}); run: {INSTALL}"
        ) from exc


# --- the cluster --------------------------------------------------------------------------------


@contextmanager
def cluster_client(workers: int | None = None, scheduler: str | None = None, **cluster_kwargs: Any) -> Iterator[Any]:
    """A distributed.Client: of a new local cluster of `workers` processes, or of the cluster at `scheduler`."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    # without bokeh the scheduler still serves HTTP (health, metrics) on the dashboard port: any free one
    cluster_kwargs.setdefault("dashboard_address", ":8787" if _has_bokeh() else ":0")
    with (
        LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, **cluster_kwargs) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:  # without bokeh the dashboard is a page asking to install it: leave it off
        return False
    return True


def dashboard(client: Any, local: bool) -> str | None:
    """The Dask dashboard's address, or None when there is none.

    A local cluster has one only when bokeh is installed here; a remote scheduler's is
    taken on trust (without bokeh its page says what to install).
    """
    if local and not _has_bokeh():
        return None
    try:
        return client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else None
    except (KeyError, OSError):
        return None


if TYPE_CHECKING:
    from distributed import WorkerPlugin as _PluginBase
else:
    try:  # the plugin must subclass WorkerPlugin; without the dask extra, require_dask() says what to install
        from distributed import WorkerPlugin as _PluginBase
    except ImportError:  # pragma: no cover - the class is then never registered
        _PluginBase = object


class PipelinePlugin(_PluginBase):
    """A distributed.WorkerPlugin that loads the dyads pipeline once per worker; tasks take it from here."""

    name = PLUGIN
    idempotent = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Any = None

    async def setup(self, worker: Any) -> None:
        import asyncio

        from dyads.pipeline import Pipeline

        self.lock = threading.Lock()  # a worker with several threads still codes one partition at a time
        # in a thread: loading spaCy takes ~2 s and would block the worker's event loop (heartbeats)
        self.pipeline = await asyncio.get_running_loop().run_in_executor(None, Pipeline, self.settings)

    def teardown(self, worker: Any) -> None:
        self.pipeline = None


def worker_pipeline(worker: Any = None) -> PipelinePlugin:
    """The plugin of this worker (it holds the loaded pipeline)."""
    if worker is None:
        from distributed import get_worker

        worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    if plugin is None or plugin.pipeline is None:
        raise ScaleError(f"worker {worker.address} has no dyads pipeline; register PipelinePlugin first")
    return plugin


def _worker_versions(dask_worker: Any) -> tuple[tuple[str, str], ...]:
    return tuple(worker_pipeline(dask_worker).pipeline.versions)


def start_workers(client: Any, settings: Settings) -> tuple[tuple[str, str], ...]:
    """The versions every worker codes with, after loading the pipeline on each (once per worker).

    Raises ScaleError when no worker joins in time or when workers disagree (another dyads,
    model or knowledge base installed on some of them).
    """
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except TimeoutError as exc:
        raise ScaleError(f"no Dask worker joined the scheduler within {WAIT_FOR_WORKERS_S} s") from exc
    client.register_plugin(PipelinePlugin(settings), name=PLUGIN)
    found = client.run(_worker_versions)
    distinct = set(found.values())
    if len(distinct) != 1:
        listing = "; ".join(f"{w}: {dict(v)}" for w, v in sorted(found.items()))
        raise ScaleError(
            f"workers code with different versions ({listing}); install the same dyads, spaCy model "
            "and data on every worker"
        )
    return distinct.pop()
