"""`./dev demo` on embedded PostgreSQL and Redis: it comes up, serves the login page, and
Ctrl-C stops every process it started.

Runs in the default test run (CI too), so CI proves the embedded default still works. It
uses a var folder of its own, so it never touches the servers `./dev test` started.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240  # a first run: initdb, migrate, seed 2,000 offenders (~15 s here)
STOP_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own http://127.0.0.1
        return response.status, response.read().decode()


def processes_started_for(var: Path) -> list[psutil.Process]:
    """Live processes whose environment names our var folder: everything `./dev demo` started."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            if process.environ().get("MOSOVO_VAR_DIR") == str(var):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


class Demo:
    def __init__(self, var: Path, port: int):
        self.var = var
        self.port = port
        self.log_path = var / "demo.log"
        env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
        env["MOSOVO_VAR_DIR"] = str(var)
        self.env = env
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [str(ROOT / "dev"), "demo", "--port", str(port)],  # the default seed, as documented
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,
            )

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def failure(self, message: str) -> str:
        return f"{message}\n--- ./dev demo output (last 6000 characters) ---\n{self.log[-6000:]}"

    def wait_for_login_page(self) -> str:
        url = f"http://127.0.0.1:{self.port}/accounts/login/"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(self.failure(f"./dev demo exited early with code {self.process.returncode}"))
            try:
                status, body = get(url)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
                continue
            assert status == 200, self.failure(f"{url} answered {status}")
            return body
        pytest.fail(self.failure(f"{url} did not answer within {START_TIMEOUT} s"))

    def redis_port(self) -> int:
        match = re.search(r"embedded Redis ready on redis://127\.0\.0\.1:(\d+)/0", self.log)
        assert match, self.failure("no embedded Redis reported")
        return int(match.group(1))

    def postgres_pid(self) -> int:
        pidfile = self.var / "pg" / "postmaster.pid"
        assert pidfile.exists(), self.failure("no embedded PostgreSQL in the demo's var folder")
        return int(pidfile.read_text().split()[0])

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(self.failure(f"./dev demo did not exit within {STOP_TIMEOUT} s of SIGINT"))

    def kill_everything(self) -> None:
        """Last resort when the test failed half-way: nothing may outlive it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for process in processes_started_for(self.var):
            process.kill()


@pytest.fixture
def var_folder():
    parent = Path(os.environ.get("MOSOVO_VAR_DIR") or ROOT / "var")
    parent.mkdir(parents=True, exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="smoke-demo-", dir=parent)).resolve()
    yield var
    shutil.rmtree(var, ignore_errors=True)


def test_demo_runs_on_embedded_servers_and_stops_on_ctrl_c(var_folder):
    port = free_port()
    demo = Demo(var_folder, port)
    try:
        body = demo.wait_for_login_page()
        assert "<form" in body and 'name="password"' in body, demo.failure("no login form")
        assert get(f"http://127.0.0.1:{port}/healthz") == (200, '{"status": "ok"}')

        redis_port = demo.redis_port()
        postgres = psutil.Process(demo.postgres_pid())
        assert port_answers(redis_port)
        assert postgres.is_running()
        # The banner comes once the web server listens, after demo_logins has run.
        deadline = time.monotonic() + 30
        while "Press Ctrl-C to stop" not in demo.log and time.monotonic() < deadline:
            time.sleep(0.5)
        assert f"MOSOVO demo running at http://127.0.0.1:{port}/" in demo.log, demo.failure("no banner")
        assert "demo_logins failed" not in demo.log, demo.failure("demo_logins failed")
        # The banner comes last, after the worker and beat have said they started.
        banner_at = demo.log.index("MOSOVO demo running at")
        for started in (r"celery@\S+ ready\.", r"beat: Starting\.\.\."):
            match = re.search(started, demo.log)
            assert match and match.start() < banner_at, demo.failure(f"no {started!r} before the banner")

        # `./dev code` prints only the code on stdout (its own messages go to stderr), so it can be piped.
        code = subprocess.run(  # noqa: S603
            [str(ROOT / "dev"), "code", "om.0001"],
            cwd=ROOT,
            env=demo.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert code.returncode == 0, code.stderr
        assert re.fullmatch(r"\d{6}  \(a new code in \d+ seconds?\)\n", code.stdout), code.stdout

        assert demo.interrupt() == 0, demo.failure("./dev demo did not exit 0 after SIGINT")

        assert not port_answers(port), "the web port is still open"
        assert not port_answers(redis_port), "embedded Redis still listens"
        assert not postgres.is_running() or postgres.status() == psutil.STATUS_ZOMBIE, "PostgreSQL runs on"
        assert not (var_folder / "pg" / "postmaster.pid").exists(), "PostgreSQL did not shut down cleanly"
        assert processes_started_for(var_folder) == [], "processes outlived ./dev demo"
    finally:
        demo.kill_everything()
