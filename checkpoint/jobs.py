"""Long work (reading photos) off the request thread: one worker, state the page can poll.

One worker at a time, because OCR already keeps the tablet's cores busy; a restart loses only the
job's state, never a photo, since the page keeps each photo until its job is reported done.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask

from . import i18n
from .capture import Busy

KEEP = 200  # finished jobs remembered for polling; older ones are forgotten


@dataclass
class Job:
    id: str
    owner: str
    state: str = "running"
    """running, done or failed."""
    error: dict[str, str] = field(default_factory=dict)
    """{"vi": …, "en": …} when failed."""


class Jobs:
    def __init__(self, max_queued: int = 4) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint-job")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.max_queued = max_queued
        self.readers = threading.BoundedSemaphore(1)
        """Jobs running or waiting at once: each holds its upload's photos in memory, so the queue is bounded."""

    def submit(self, owner: str, work: Callable[[], None]) -> Job:
        """Queues the work; raises Busy, queueing nothing, when max_queued jobs are already waiting."""
        job = Job(str(uuid.uuid4()), owner)
        with self.lock:
            if sum(j.state == "running" for j in self.jobs.values()) >= self.max_queued:
                raise Busy()
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-KEEP]:
                if self.jobs[old].state != "running":
                    del self.jobs[old]
        self.pool.submit(self._run, job, work)
        return job

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A request that reads photos while the officer waits (a scan, a form posted without the page's
        script) does so only when no other such request is: the others are told to try again at once, so
        that the server's threads stay free for everything else (a page, the health check)."""
        if not self.readers.acquire(blocking=False):
            raise Busy()
        try:
            yield
        finally:
            self.readers.release()

    def _run(self, job: Job, work: Callable[[], None]) -> None:
        try:
            work()
            job.state = "done"
        except Exception as exc:  # noqa: BLE001  every failure must reach the officer, not die in a thread
            job.error = i18n.both(getattr(exc, "message", "Something went wrong."),
                                  getattr(exc, "params", None) or None)
            job.state = "failed"

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)


def init_app(app: Flask) -> None:
    app.extensions["checkpoint_jobs"] = Jobs(app.config["MAX_QUEUED_UPLOADS"])


def jobs_of(app: Flask) -> Jobs:
    return app.extensions["checkpoint_jobs"]
