"""The deployed shape (Dockerfile + docker-compose.yml), checked without a Docker engine."""

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from mosovo.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent
BACKING_SERVICES = {"postgres", "redis"}
APP_SERVICES = {"web", "worker", "beat"}
VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose-style ${VAR}, ${VAR:-default}, ${VAR:?error}: a placeholder for required ones."""

    def replace(match: re.Match) -> str:
        name, kind, default = match.groups()
        if name in env:
            return env[name]
        if kind == "-":
            return default
        return f"{name.lower()}-value"

    return VARIABLE.sub(replace, value)


def words(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def app_services(services) -> dict:
    """Every service built from the project's image (web, worker, beat, and the migrate step)."""
    return {name: service for name, service in services.items() if "build" in service}


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def depends_on(service: dict) -> dict:
    deps = service.get("depends_on", {})
    return {name: {} for name in deps} if isinstance(deps, list) else deps


def test_all_services_exist(services):
    assert set(services) >= BACKING_SERVICES | APP_SERVICES


def test_backing_service_images(services):
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


def test_app_services_share_one_definition(app_services):
    assert set(app_services) >= APP_SERVICES
    builds = {json.dumps(service["build"], sort_keys=True) for service in app_services.values()}
    images = {service.get("image") for service in app_services.values()}
    assert len(builds) == 1
    assert len(images) == 1


def test_web_runs_gunicorn(services):
    command = words(services["web"]["command"])
    assert command[0] == "gunicorn"
    assert "mosovo.wsgi:application" in command or "mosovo.wsgi" in command


def test_worker_runs_celery_worker(services):
    command = words(services["worker"]["command"])
    assert command[0] == "celery"
    assert command[command.index("-A") + 1] == "mosovo"
    assert "worker" in command
    assert "beat" not in command


def test_beat_runs_celery_beat_with_database_scheduler(services):
    command = words(services["beat"]["command"])
    assert command[0] == "celery"
    assert command[command.index("-A") + 1] == "mosovo"
    assert "beat" in command
    assert "worker" not in command
    assert command[command.index("--scheduler") + 1] == "django_celery_beat.schedulers:DatabaseScheduler"


def test_app_services_get_the_same_database_and_redis(app_services):
    for variable in ("DATABASE_URL", "REDIS_URL"):
        values = {name: environment(service).get(variable) for name, service in app_services.items()}
        assert None not in values.values(), f"{variable} missing: {values}"
        assert len(set(values.values())) == 1, f"{variable} differs: {values}"


def test_database_url_points_at_the_postgres_service(services):
    web_env = environment(services["web"])
    postgres_env = environment(services["postgres"])
    url = interpolate(web_env["DATABASE_URL"], {})
    settings = database_from_url(url)
    assert settings["HOST"] == "postgres"
    assert settings["PORT"] in {"", "5432"}
    assert settings["NAME"] == interpolate(postgres_env["POSTGRES_DB"], {})
    assert settings["USER"] == interpolate(postgres_env["POSTGRES_USER"], {})
    assert settings["PASSWORD"] == interpolate(postgres_env["POSTGRES_PASSWORD"], {})


def test_redis_url_points_at_the_redis_service(services):
    url = urlparse(interpolate(environment(services["web"])["REDIS_URL"], {}))
    assert url.scheme == "redis"
    assert url.hostname == "redis"
    assert url.port in {None, 6379}


def test_app_services_run_in_production_mode(app_services):
    for name, service in app_services.items():
        env = environment(service)
        assert env.get("DEBUG", "").lower() in {"false", "0", "no", "off"}, name
        secret = env.get("SECRET_KEY", "")
        assert secret.startswith("${SECRET_KEY"), f"{name}: SECRET_KEY must come from outside"
        assert env.get("ALLOWED_HOSTS"), name


def test_app_services_wait_for_healthy_backing_services(services, app_services):
    for name in BACKING_SERVICES:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name, service in app_services.items():
        deps = depends_on(service)
        for backing in BACKING_SERVICES:
            assert backing in deps, f"{name} does not depend on {backing}"
            assert deps[backing].get("condition") == "service_healthy", f"{name} -> {backing}"


def test_migrations_run_before_the_app_starts(services, app_services):
    migrators = [
        name for name, service in app_services.items() if "migrate" in words(service.get("command", []))
    ]
    assert migrators, "no service runs manage.py migrate"
    if "web" in migrators:
        return
    (migrate,) = migrators
    assert services[migrate].get("restart", "no") == "no"
    for name in APP_SERVICES:
        condition = depends_on(services[name]).get(migrate, {}).get("condition")
        assert condition == "service_completed_successfully", name


def test_web_publishes_the_port_gunicorn_binds(services):
    command = words(services["web"]["command"])
    bind = command[command.index("--bind") + 1]
    container_port = bind.rsplit(":", 1)[1]
    published = [str(port).rsplit(":", 1)[-1] for port in services["web"].get("ports", [])]
    assert container_port in published


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_builds_a_non_root_gunicorn_image():
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    stages = [argument for keyword, argument in instructions if keyword == "FROM"]
    assert stages[-1] == "python:3.11-slim"
    assert ("COPY", "--from=assets /app/static/build static/build") in instructions
    runs = [argument for keyword, argument in instructions if keyword == "RUN"]
    assert any("collectstatic" in run for run in runs)

    users = [argument for keyword, argument in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    last_user = len(keywords) - 1 - keywords[::-1].index("USER")
    cmd_at = len(keywords) - 1 - keywords[::-1].index("CMD")
    assert last_user < cmd_at

    cmd = json.loads(instructions[cmd_at][1])
    assert cmd[0] == "gunicorn"
    assert "mosovo.wsgi:application" in cmd


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = {line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".git", ".venv", "var"} <= ignored


def stage(instructions: list[tuple[str, str]], index: int) -> list[tuple[str, str]]:
    """The instructions of the index-th build stage (FROM to the next FROM)."""
    starts = [at for at, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    ends = [*starts[1:], len(instructions)]
    return instructions[starts[index] : ends[index]]


def test_dockerfile_builds_the_assets_with_npm_ci_and_npm_run_build():
    assets = stage(dockerfile_instructions(), 0)
    assert assets[0][1].endswith("AS assets")
    runs = [argument for keyword, argument in assets if keyword == "RUN"]
    assert [run.split()[:2] for run in runs] == [["npm", "ci"], ["npm", "run"]]
    assert runs[1].split()[-1] == "build"
    # ./dev is the developer's tool, not the image's: the stage never copies or runs it.
    copied = " ".join(argument for keyword, argument in assets if keyword == "COPY")
    assert not re.search(r"(^|\s)dev(\s|$)", copied)
    assert not any("dev" in run.split() or "prepare_assets" in run for run in runs)
    # The packages are installed before the sources arrive, so an SCSS change reuses that layer.
    npm_ci = assets.index(("RUN", runs[0]))
    sources = assets.index(("COPY", "static/src static/src"))
    assert npm_ci < sources


def test_dockerfile_installs_the_locked_dependencies_before_copying_the_code():
    app = stage(dockerfile_instructions(), -1)
    copy_all = app.index(("COPY", ". ."))
    lock_copy = next(
        at for at, (keyword, argument) in enumerate(app) if keyword == "COPY" and "requirements/" in argument
    )
    locked = next(
        at
        for at, (keyword, argument) in enumerate(app)
        if keyword == "RUN"
        and re.search(r"pip install .*--require-hashes -r requirements/runtime\.txt", argument)
    )
    project = next(
        at
        for at, (keyword, argument) in enumerate(app)
        if keyword == "RUN" and re.search(r"pip install (--\S+ )*--no-deps (--\S+ )*\.(\s|$)", argument)
    )
    assert lock_copy < locked < copy_all < project
    assert app[lock_copy][1].split()[0] == "requirements/runtime.txt"
    # Nothing installs dependencies from pyproject.toml's ranges around the lock.
    for keyword, argument in app:
        if keyword == "RUN" and "pip install" in argument:
            assert "--require-hashes" in argument or "--no-deps" in argument, argument
