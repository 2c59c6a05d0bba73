"""What the processes log: no start-up banner from every process, expected refusals in one line."""

import logging

from axes.apps import AppConfig as AxesAppConfig


def test_axes_says_nothing_at_start_up(caplog, monkeypatch):
    monkeypatch.setattr(AxesAppConfig, "initialized", False)
    with caplog.at_level(logging.INFO):
        AxesAppConfig.initialize()
    assert not [record for record in caplog.records if "AXES: BEGIN" in record.getMessage()]
