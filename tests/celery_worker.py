"""A real Celery worker for tests, on a queue of its own, against pytest-django's test database.

A worker is a separate process: it sees only committed data (use `transactional_db`), and
it reads its configuration from the environment like the deployed worker does. Tasks the
test process publishes go to a queue named for the test, so a developer's demo worker on
the same Redis cannot take them (and this worker takes nothing of theirs).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection

from mosovo.celery import app

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 30
STOP_TIMEOUT = 10
LOG_TAIL = 6000


def worker_database_url() -> str:
    """DATABASE_URL for the test database, on the server, as the user, the tests connect with.

    The host may be a Unix socket directory (the embedded PostgreSQL), so it goes in the
    query string, which `mosovo.settings.database_from_url` reads.
    """
    db = connection.settings_dict
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    query = urlencode({key: db[key.upper()] for key in ("host", "port") if db[key.upper()]})
    return f"postgresql://{user}:{password}@/{quote(db['NAME'], safe='')}" + (f"?{query}" if query else "")


def unique_queue() -> str:
    return f"test-worker-{uuid.uuid4().hex[:12]}"


def queue_length(queue: str) -> int:
    """Messages waiting in `queue` on the broker this process publishes to."""
    with app.connection_for_write() as conn:
        try:
            return conn.default_channel.queue_declare(queue=queue, passive=True).message_count
        except conn.channel_errors:  # Redis has no queue until something is published to it
            return 0


@contextlib.contextmanager
def tasks_published_to(queue: str) -> Iterator[None]:
    """Send this process's tasks to `queue`; delete the queue from the broker afterwards."""
    saved = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield
    finally:
        app.conf.task_default_queue = saved
        with contextlib.suppress(Exception), app.connection_for_write() as conn:
            # A channel deletes only the bindings it knows of: declare the queue on it first.
            declared = app.amqp.queues[queue].bind(conn.default_channel)
            declared.declare()
            declared.delete()


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker, then back.

    The app caches its connection and producer pools for the first broker it used, so they
    are set aside (and the new ones closed afterwards). CELERY_BROKER_URL in the environment
    takes precedence over the configuration in Celery, so it is set aside too.
    """
    saved_url, saved_env = app.conf.broker_url, os.environ.pop("CELERY_BROKER_URL", None)
    saved_pools = app._pool, app.amqp._producer_pool
    app.conf.broker_url = url
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        for pool in (app.amqp._producer_pool, app._pool):
            if pool is not None:
                with contextlib.suppress(Exception):
                    pool.force_close_all()
        app.conf.broker_url = saved_url
        if saved_env is not None:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app._pool, app.amqp._producer_pool = saved_pools


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def failure(self, message: str) -> str:
        return f"{message}\n--- worker log (last {LOG_TAIL} characters) ---\n{self.log[-LOG_TAIL:]}"

    def wait_until(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Poll `condition` until it holds; fail at once if the worker has died."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(self.failure(f"the worker exited with code {self.process.returncode}"))
            if time.monotonic() > deadline:
                pytest.fail(self.failure(f"{what} did not happen within {timeout} s"))
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def celery_worker(*, queue: str, broker_url: str, log_path: Path, **env: str) -> Iterator[Worker]:
    """Start `celery worker` consuming only `queue`, wait until it is ready, stop it after.

    `env` adds to the worker's environment (e.g. RECOMPUTE_AFTER_COMMIT). If the block
    fails, the worker's log is printed, so it shows in pytest's report.
    """
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mosovo.settings",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        sys.executable,
        *("-m", "celery", "-A", "mosovo", "worker", "--pool", "solo", "--concurrency", "1"),
        *("--queues", queue, "--hostname", f"{queue}@%h", "--loglevel", "info"),
        # Talk to no other worker (a developer's demo worker may share the broker), start faster.
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=worker_env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    worker = Worker(process, log_path)
    try:
        worker.wait_until(lambda: " ready." in worker.log, timeout=READY_TIMEOUT, what="the worker start")
        yield worker
    except BaseException:
        print(worker.failure("the test failed while a Celery worker ran"))
        raise
    finally:
        worker.stop()
