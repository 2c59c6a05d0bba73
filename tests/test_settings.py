import pytest
from django.core.exceptions import ImproperlyConfigured

from mosovo.settings import database_from_url, env_bool


def test_database_url_over_tcp():
    config = database_from_url("postgresql://app:s%40cret@db.internal:5433/mosovo")
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "app",
        "s@cret",
        "db.internal",
        "5433",
        "mosovo",
    )


def test_database_url_through_a_socket_directory():
    config = database_from_url("postgresql://postgres@/mosovo?host=/work/var/pg&port=5999")
    assert (config["HOST"], config["PORT"], config["USER"]) == ("/work/var/pg", "5999", "postgres")


@pytest.mark.parametrize("url", ["mysql://root@localhost/mosovo", "postgresql://postgres@localhost/"])
def test_bad_database_urls_fail_loudly(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("", True), ("Off", False)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", True) is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
