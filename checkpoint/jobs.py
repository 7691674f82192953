"""Long work (reading photos, screening) off the request threads: one worker, state the page can poll.

One worker at a time, because OCR already keeps the tablet's cores busy; a restart loses only the
job's state, never a photo, since the page keeps each photo until its job is reported done. A request
that must answer with the work's result (an API scan, a form posted without the page's script, a field
correction's re-check) hands it to the same worker with `call`, and only when the worker is free.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from . import i18n
from .capture import Busy

KEEP = 200  # finished jobs remembered for polling; older ones are forgotten
T = TypeVar("T")


@dataclass
class Job:
    id: str
    owner: str
    state: str = "running"
    """running, done or failed."""
    error: dict[str, str] = field(default_factory=dict)
    """{"vi": …, "en": …} when failed."""
    finished: threading.Event = field(default_factory=threading.Event, repr=False)


class Jobs:
    def __init__(self, max_queued: int = 4) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint-job")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.max_queued = max_queued
        """Jobs running or waiting at once: each holds its upload's photos in memory, so the queue is bounded."""

    def submit(self, owner: str, work: Callable[[], object]) -> Job:
        """Queues the work; raises Busy, queueing nothing, when max_queued jobs are already waiting."""
        return self._queue(owner, work, only_if_idle=False)

    def call(self, owner: str, work: Callable[[], T]) -> T:
        """Runs the work on the worker while the request waits, and returns its result or raises its error.

        Only when the worker has nothing else to do: otherwise Busy at once, nothing run, so that no more than
        one server thread ever waits here and the others stay free for everything else (a page, the health
        check)."""
        outcome: dict[str, T] = {}
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome["value"] = work()
            except BaseException as exc:
                failure.append(exc)
                raise

        job = self._queue(owner, run, only_if_idle=True)
        job.finished.wait()
        if failure:
            raise failure.pop()
        return outcome["value"]

    def _queue(self, owner: str, work: Callable[[], object], *, only_if_idle: bool) -> Job:
        job = Job(str(uuid.uuid4()), owner)
        with self.lock:
            running = sum(j.state == "running" for j in self.jobs.values())
            if running >= (1 if only_if_idle else self.max_queued):
                raise Busy()
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-KEEP]:
                if self.jobs[old].state != "running":
                    del self.jobs[old]
        self.pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[], object]) -> None:
        try:
            work()
            job.state = "done"
        except Exception as exc:  # noqa: BLE001  every failure must reach the officer, not die in a thread
            job.error = i18n.both(getattr(exc, "message", "Something went wrong."),
                                  getattr(exc, "params", None) or None)
            job.state = "failed"
        finally:
            job.finished.set()

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)
