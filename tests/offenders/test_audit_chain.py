"""The s62 log is tamper-evident (issue 13): each entry is chained into a hash chain shortly
after it is written, and `manage.py verify_audit_log` reports the first entry changed or
deleted since, even by the database's owner, who can get past the append-only triggers."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from offenders import audit, audit_chain
from offenders.models import AuditEvent, AuditOperation, AuditSeal
from offenders.tasks import seal_audit_log
from tests import factories

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=5)


@pytest.fixture
def entries():
    offender = factories.OffenderFactory()
    for operation in (AuditOperation.CONSULTATION, AuditOperation.COLLECTION, AuditOperation.ALTERATION):
        audit.log(actor=offender.offender_manager, operation=operation, offenders=offender, record=offender)
    return list(AuditEvent.objects.order_by("pk"))


def as_database_owner(statement: str, params) -> None:
    """What only the database's owner can do: write with the triggers switched off."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(statement, params)
        finally:
            cursor.execute("SET session_replication_role = origin")


def test_entries_are_sealed_once_and_the_chain_checks_out(entries):
    assert audit_chain.seal() == 0  # too new: a transaction could still be writing beside them
    assert audit_chain.seal(now=timezone.now() + LATER) == 3
    assert audit_chain.seal(now=timezone.now() + LATER) == 0
    assert list(AuditSeal.objects.order_by("pk").values_list("event_id", flat=True)) == [
        e.pk for e in entries
    ]
    verdict = audit_chain.verify(now=timezone.now() + LATER)
    assert (verdict.intact, verdict.checked) == (True, 3)


def test_an_entry_changed_by_the_database_owner_is_reported(entries):
    audit_chain.seal(now=timezone.now() + LATER)
    altered = entries[1]
    as_database_owner(
        "UPDATE offenders_auditevent SET actor_username = 'someone.else' WHERE id = %s", [altered.pk]
    )
    verdict = audit_chain.verify(now=timezone.now() + LATER)
    assert verdict.checked == 1
    seal = AuditSeal.objects.get(event_id=altered.pk)
    assert verdict.broken == f"audit event {altered.pk} (link {seal.pk}) has been changed since it was sealed"
    with pytest.raises(CommandError, match=f"broken after 1 entries: audit event {altered.pk}"):
        call_command("verify_audit_log")


def test_an_entry_deleted_by_the_database_owner_is_reported(entries):
    audit_chain.seal(now=timezone.now() + LATER)
    as_database_owner("DELETE FROM offenders_auditevent WHERE id = %s", [entries[0].pk])
    assert f"audit event {entries[0].pk}" in audit_chain.verify().broken
    assert "has been deleted" in audit_chain.verify().broken


def test_old_entries_with_no_link_are_reported(entries, capsys):
    assert audit_chain.verify(now=timezone.now() + LATER).unsealed == 3
    assert seal_audit_log() == 0  # the job seals what is old enough; these are not yet
    audit_chain.seal(now=timezone.now() + LATER)
    call_command("verify_audit_log")
    assert "intact: 3 entries check out" in capsys.readouterr().out


def test_the_chain_itself_is_append_only(entries):
    audit_chain.seal(now=timezone.now() + LATER)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSeal.objects.update(digest="0" * 64)


@pytest.mark.django_db(transaction=True)
def test_the_restore_drill_restores_a_copy_that_checks_out(capsys):
    """Issue 13: the backup is dumped, restored into an empty database and checked: the same
    rows in every table, the audit chain intact, every trigger there and the log refusing a
    change."""
    offender = factories.OffenderFactory()
    audit.log(actor=offender.offender_manager, operation=AuditOperation.CONSULTATION, offenders=offender)
    audit_chain.seal(now=timezone.now() + LATER)
    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "audit log: 1 entries check out against their chain" in out
    assert "the log refused a change" in out
    rows = int(re.search(r"rows: ([\d,]+)", out).group(1).replace(",", ""))
    assert rows >= 5  # force, team, people, the offender, the log entry and its link
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname LIKE %s", ["%_restore_drill"])
        assert cursor.fetchone() is None  # the copy is dropped afterwards
