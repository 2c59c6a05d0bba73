"""Fixtures of the API tests (the world itself is built in tests/api/support.py)."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests import factories
from tests.api.support import World, build_side
from workforce.models import Role


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    """These tests send many requests as one user; the rate limit has its own test."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/minute"})


@pytest.fixture
def world(db) -> World:
    a = build_side()
    return World(
        a=a,
        b=build_side(),
        leader=factories.StaffFactory(team=a.team, role=Role.SENIOR_LEADER),
        admin=factories.StaffFactory(team=a.team, role=Role.ADMIN),
    )
