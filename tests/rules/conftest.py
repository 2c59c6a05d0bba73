"""The pure rules need no Django: these tests run with or without pytest-django
(`pytest tests/rules -p no:django`)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides tests/conftest.py's fixture of the same name, which needs pytest-django's
    `settings`; nothing here hashes a password."""
