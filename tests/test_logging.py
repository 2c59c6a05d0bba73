"""What the processes log: no start-up banner from every process, expected refusals in one line."""

import logging

import pytest
from axes.apps import AppConfig as AxesAppConfig
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings
from django.urls import path

from mosovo.urls import urlpatterns as project_urls


def test_axes_says_nothing_at_start_up(caplog, monkeypatch):
    monkeypatch.setattr(AxesAppConfig, "initialized", False)
    with caplog.at_level(logging.INFO):
        AxesAppConfig.initialize()
    assert not [record for record in caplog.records if "AXES: BEGIN" in record.getMessage()]


def refuse(request):
    raise PermissionDenied


def missing(request):
    raise Http404("no such offender")


def fail(request):
    raise RuntimeError("something broke")


# The project's own pages beside them: the error pages link to the home page.
urlpatterns = [path("refuse", refuse), path("missing", missing), path("fail", fail), *project_urls]


def request_log(client, caplog, url):
    """What django.request logs for a request to url: its records, and the text they print."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="django.request"):
        client.get(url)
    records = [record for record in caplog.records if record.name == "django.request"]
    return records, "\n".join(logging.Formatter().format(record) for record in records)


@pytest.mark.urls(__name__)
@override_settings(MIDDLEWARE=[])
@pytest.mark.parametrize(
    ("url", "line"),
    [("/refuse", "Forbidden (Permission denied): /refuse"), ("/missing", "Not Found: /missing")],
)
def test_an_expected_refusal_is_one_line_without_a_traceback(client, caplog, url, line):
    records, text = request_log(client, caplog, url)
    assert len(records) == 1 and records[0].exc_info is None
    assert text == line


@pytest.mark.urls(__name__)
@override_settings(MIDDLEWARE=[])
def test_an_error_keeps_its_traceback(client, caplog):
    client.raise_request_exception = False
    records, text = request_log(client, caplog, "/fail")
    assert len(records) == 1 and records[0].exc_info is not None
    assert text.startswith("Internal Server Error: /fail\nTraceback (most recent call last):")
    assert "RuntimeError: something broke" in text


def test_a_django_line_is_printed_once():
    """Django's debug-only console handler is gone: its lines reach the root's console alone."""
    handlers = []
    logger = logging.getLogger("django.request")
    while logger:
        handlers += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    assert len(handlers) == 1
