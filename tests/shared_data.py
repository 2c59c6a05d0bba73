"""Data that several tests only read, built once for them instead of once per test."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker):
    """For a module- or class-scoped fixture: what the fixture builds inside this block, and
    everything its tests do, happens in one transaction that is rolled back when the fixture
    ends (as Django's TestCase.setUpTestData does). Each test still runs in its own savepoint,
    rolled back after it (pytest-django), so a test's own changes never reach the next test.

        @pytest.fixture(scope="class")
        def force(django_db_setup, django_db_blocker):
            with built_once(django_db_blocker) as unblocked:
                with unblocked():
                    seed_a_force()
                yield Force.objects.get()

    The data is there for every test in the fixture's scope that runs while it is set up, so
    scope it to the tests that want it (a class, or a module whose every test does)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield django_db_blocker.unblock
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
