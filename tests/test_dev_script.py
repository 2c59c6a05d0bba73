"""./dev's own machinery, without starting the demo: a child's output passes through ./dev and
marks it ready at its ready line, so the demo's banner waits for the worker and beat."""

import runpy
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dev() -> dict:
    return runpy.run_path(str(ROOT / "dev"))


@pytest.fixture
def start(dev):
    """Start a child that prints these lines, then sleeps; each is killed after the test."""
    children = []

    def start(*lines: str, then_sleep: float = 0):
        script = "".join(f"print({line!r}, flush=True)\n" for line in lines)
        script += f"import time; time.sleep({then_sleep})\n"
        child = dev["start_child"]("child", [sys.executable, "-c", script], ready_line=r"celery@\S+ ready\.")
        children.append(child)
        return child

    yield start
    for child in children:
        child.process.kill()
        child.process.wait()


def test_a_childs_output_is_relayed_and_its_ready_line_noticed(start, capfd):
    child = start("starting", "celery@host ready.", "after")
    assert child.ready.wait(30)
    child.process.wait(30)
    output = ""
    deadline = time.monotonic() + 10
    while "after" not in output and time.monotonic() < deadline:
        output += capfd.readouterr().out
        time.sleep(0.05)
    assert output.splitlines() == ["starting", "celery@host ready.", "after"]


def test_a_child_that_never_says_it_is_ready_is_not_ready(start):
    child = start("starting", "still starting")
    child.process.wait(30)
    assert not child.ready.wait(0.5)


def test_the_banner_waits_for_the_ready_line(dev, start):
    child = start("starting", then_sleep=1.5)
    began = time.monotonic()
    # It exits without the line: wait_for_start_up waited for it, then says the child died.
    with pytest.raises(dev["ChildDied"]):
        dev["wait_for_start_up"]([child], [])
    assert time.monotonic() - began >= 1.0

    child = start("celery@host ready.", then_sleep=30)
    dev["wait_for_start_up"]([child], [])
    assert child.ready.is_set()
    assert child.process.poll() is None
