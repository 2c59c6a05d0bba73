"""Every page that touches an offender's data writes the s62 log, tested page by page; and a
page added without a test here fails `test_every_page_is_classified`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from dashboards.snapshots import snapshot_take
from offenders.models import AuditEvent, AuditOperation, Offender, RegistrationNotification
from outstanding.services import outstanding_recompute_all
from rules.choices import WorkflowStatus
from tests import factories
from tests.dates import days_ago
from tests.security.test_permission_matrix import PAGES, _patterns

pytestmark = pytest.mark.django_db

# page: (who requests it, operation logged, whether the entry is about the inside offender)
LOGGED = {
    "offender-record": ("OM", AuditOperation.CONSULTATION),
    "visit-new": ("OM", AuditOperation.CONSULTATION),
    "arms-new": ("OM", AuditOperation.CONSULTATION),
    "rmp-new": ("OM", AuditOperation.CONSULTATION),
    "intelligence-check-new": ("OM", AuditOperation.CONSULTATION),
    "reactive-checks-new": ("OM", AuditOperation.CONSULTATION),
    "outcome-new": ("OM", AuditOperation.CONSULTATION),
    "visit-authorisation-new": ("SUP", AuditOperation.CONSULTATION),
    "management-mode": ("SUP", AuditOperation.CONSULTATION),
    "access-log": ("SUP", AuditOperation.CONSULTATION),
    "life-events": ("MATE", AuditOperation.CONSULTATION),
    "notifications": ("MATE", AuditOperation.CONSULTATION),
    "notification-choose": ("OM", AuditOperation.CONSULTATION),
    "notification-new": ("OM", AuditOperation.CONSULTATION),
    "failure-to-notify-new": ("OM", AuditOperation.CONSULTATION),
    "life-event-choose": ("OM", AuditOperation.CONSULTATION),
    "life-event-new": ("OM", AuditOperation.CONSULTATION),
    "probation-assessment-new": ("OM", AuditOperation.CONSULTATION),
    "order-condition-new": ("SUP", AuditOperation.CONSULTATION),
    "condition-check-new": ("OM", AuditOperation.CONSULTATION),
    "rmp-authorise-later-review": ("SUP", AuditOperation.CONSULTATION),
    "visit-detail": ("MATE", AuditOperation.CONSULTATION),
    "visit-edit": ("OM", AuditOperation.CONSULTATION),
    "visit-submit": ("OM", AuditOperation.ALTERATION),
    "arms-detail": ("LEADER", AuditOperation.CONSULTATION),
    "arms-edit": ("OM", AuditOperation.CONSULTATION),
    "arms-revise": ("OM", AuditOperation.COLLECTION),
    # The confirmation page; the discard is logged as an erasure (tests/risk/test_revise_and_discard.py).
    "record-discard": ("OM", AuditOperation.CONSULTATION),
    "rmp-detail": ("LEADER", AuditOperation.CONSULTATION),
    "review-record": ("SUP", AuditOperation.CONSULTATION),
    "officer-caseload": ("SUP", AuditOperation.CONSULTATION),
    "reassign": ("SUP", AuditOperation.CONSULTATION),
    "dashboard-list": ("SUP", AuditOperation.CONSULTATION),
    "api-dashboard": ("LEADER", AuditOperation.DISCLOSURE),
}
# Pages whose logging needs a world of its own: each has a test below, named here.
LOGGED_BY_OWN_TEST = {
    "visit-revise": "test_revising_a_returned_visit_logs_the_new_version",
    "rmp-revise": "test_revising_a_signed_off_plan_logs_the_new_version",
    "rmp-edit": "test_changing_a_draft_plan_logs_a_consultation_then_an_alteration",
    "caseload": "test_the_caseload_logs_the_offenders_it_lists",
    "failed-to-notify": "test_the_failed_to_notify_list_logs_the_offenders_it_lists",
    "dashboard": "test_the_dashboard_logs_the_offenders_it_names_and_an_export_as_a_disclosure",
    "home": "test_home_logs_the_offenders_in_a_supervisors_notices",
    "review-queue": "test_the_queue_logs_the_offenders_it_lists",
    "rebalance": "test_the_rebalance_logs_the_offenders_it_would_move",
    "import-extract": "test_an_import_logs_the_collection_of_each_record",
    "dashboard-reconciliation": "test_the_reconciliation_logs_a_combination",
}
# Pages that show no offender's data at all (people, teams, counts).
NO_OFFENDER_DATA = {
    "login",
    "logout",
    "healthz",
    "favicon",
    "two-factor",
    "two-factor-set-up",
    "team-list",
    "team-detail",
    "visit-crewing",
    "team-availability",
    "absence-new",
    "absence-end",
    "abstraction-new",
    "abstractions-review",
    "admin-login",
}


def test_every_page_is_classified():
    names = {p.name for p in _patterns(get_resolver().url_patterns) if p.name}
    api = {name for name in names if name.startswith("api-") and name != "api-dashboard"} | {
        "schema",
        "swagger-ui",
    }
    unclassified = names - set(LOGGED) - set(LOGGED_BY_OWN_TEST) - NO_OFFENDER_DATA - api
    assert unclassified == set()
    assert all(callable(globals().get(test)) for test in LOGGED_BY_OWN_TEST.values())


@pytest.mark.parametrize("page", sorted(LOGGED))
def test_the_page_logs_its_processing_of_the_offenders_data(client, world, page):
    people, inside, _ = world
    who, operation = LOGGED[page]
    method, address = PAGES[page]
    client.force_login(people[who])
    before = AuditEvent.objects.count()
    response = client.get(address(inside)) if method == "get" else client.post(address(inside))
    assert response.status_code in (200, 302), page
    entries = AuditEvent.objects.order_by("pk")[before:]
    assert any(
        entry.operation == operation
        and entry.actor_id == people[who].pk
        and entry.offender_id in (inside.offender.pk, None)
        for entry in entries
    ), [(e.operation, e.offender_id, e.record_type) for e in entries]


def test_the_queue_logs_the_offenders_it_lists(client, world):
    people, inside, _ = world
    client.force_login(people["SUP"])
    client.get(reverse("review-queue"))
    assert AuditEvent.objects.filter(
        operation=AuditOperation.CONSULTATION, record_type="queue", offender_id=inside.offender.pk
    ).exists()


def test_home_logs_the_offenders_in_a_supervisors_notices(client, world):
    people, inside, _ = world
    type(inside.submitted_visit).objects.filter(pk=inside.submitted_visit.pk).update(
        crew_size=1, visited_on=days_ago(2)
    )
    client.force_login(people["SUP"])
    client.get(reverse("home"))
    assert AuditEvent.objects.filter(record_type="home", offender_id=inside.offender.pk).exists()


def logged(**filters) -> bool:
    return AuditEvent.objects.filter(**filters).exists()


def test_revising_a_returned_visit_logs_the_new_version(client, world):
    people, inside, _ = world
    visit = inside.submitted_visit
    type(visit).objects.filter(pk=visit.pk).update(status=WorkflowStatus.RETURNED)
    client.force_login(people["OM"])
    client.post(reverse("visit-revise", args=[visit.pk]))
    revision = type(visit).objects.get(supersedes=visit)
    assert logged(operation=AuditOperation.COLLECTION, record_type="visit", record_id=revision.pk)


def test_revising_a_signed_off_plan_logs_the_new_version(client, world):
    people, inside, _ = world
    plan = inside.plan
    type(plan).objects.filter(pk=plan.pk).update(status=WorkflowStatus.RETURNED)
    client.force_login(people["OM"])
    client.post(reverse("rmp-revise", args=[plan.pk]))
    revision = type(plan).objects.get(supersedes=plan)
    assert logged(
        operation=AuditOperation.COLLECTION, record_type="riskmanagementplan", record_id=revision.pk
    )


def test_changing_a_draft_plan_logs_a_consultation_then_an_alteration(client, world):
    people, inside, _ = world
    plan = inside.plan
    type(plan).objects.filter(pk=plan.pk).update(status=WorkflowStatus.DRAFT, submitted_on=None)
    client.force_login(people["OM"])
    client.get(reverse("rmp-edit", args=[plan.pk]))
    assert logged(operation=AuditOperation.CONSULTATION, record_type="riskmanagementplan", record_id=plan.pk)
    data = {
        "written_on_day": plan.written_on.day,
        "written_on_month": plan.written_on.month,
        "written_on_year": plan.written_on.year,
        "next_review_on_day": plan.next_review_on.day,
        "next_review_on_month": plan.next_review_on.month,
        "next_review_on_year": plan.next_review_on.year,
        "supervision": "Changed.",
        "row_version": plan.row_version,
        "draft": "1",
    }
    client.post(reverse("rmp-edit", args=[plan.pk]), data)
    assert logged(operation=AuditOperation.ALTERATION, record_type="riskmanagementplan", record_id=plan.pk)


def test_the_caseload_logs_the_offenders_it_lists(client, world):
    people, inside, _ = world
    client.force_login(people["OM"])
    client.get(reverse("caseload"))
    assert logged(
        operation=AuditOperation.CONSULTATION, record_type="caseload", offender_id=inside.offender.pk
    )


def test_the_failed_to_notify_list_logs_the_offenders_it_lists(client, world):
    people, inside, _ = world
    RegistrationNotification.objects.create(
        offender=inside.offender,
        kind="periodic",
        notified_on=days_ago(400),
        place="Testbridge Police Station",
        taken_by=people["OM"],
        recorded_by=people["OM"],
        home_address="1 Fictional Row, Testbridge",
    )
    outstanding_recompute_all()
    client.force_login(people["OM"])
    client.get(reverse("failed-to-notify"))
    assert logged(
        operation=AuditOperation.CONSULTATION, record_type="failed to notify", offender_id=inside.offender.pk
    )


def test_the_dashboard_logs_the_offenders_it_names_and_an_export_as_a_disclosure(client, world):
    people, inside, _ = world
    outstanding_recompute_all()
    client.force_login(people["SUP"])
    client.get(reverse("dashboard"), {"scope": f"team:{inside.team.pk}"})
    assert logged(
        operation=AuditOperation.CONSULTATION, record_type="dashboard", offender_id=inside.offender.pk
    )
    client.get(reverse("dashboard"), {"scope": f"team:{inside.team.pk}", "export": "oldest", "format": "csv"})
    assert logged(
        operation=AuditOperation.DISCLOSURE, record_type="export oldest", offender_id=inside.offender.pk
    )


def test_the_rebalance_logs_the_offenders_it_would_move(client, world):
    people, inside, _ = world
    # The OM is away (an open-ended absence): their teammate is over 50, a new colleague has room.
    factories.OffenderFactory.create_batch(52, team=inside.team, offender_manager=people["MATE"])
    factories.StaffFactory(team=inside.team, supervisor=people["SUP"])
    client.force_login(people["SUP"])
    suggestion = client.get(reverse("rebalance", args=[inside.team.pk])).context["suggestion"]
    assert suggestion.moves
    moved = {move.offender.pk for move in suggestion.moves}
    consulted = set(AuditEvent.objects.filter(record_type="rebalance").values_list("offender_id", flat=True))
    assert consulted == moved


def test_an_import_logs_the_collection_of_each_record(client, world):
    people, inside, _ = world
    client.force_login(people["SUP"])
    csv = (
        "record,reference,first_name,last_name,date_of_birth,offender_type,mappa_category,disposal,"
        "relevant_date,notification_starts_on,managed_since\n"
        "nominal,VSR-AUDIT-1,Ixtius,Marrowfudge,1971-02-03,rso,1,caution,2024-01-01,2024-01-01,2024-01-01\n"
    )
    upload = SimpleUploadedFile("x.csv", csv.encode(), content_type="text/csv")
    client.post(reverse("import-extract", args=[inside.team.pk]), {"extract": upload})
    imported = Offender.objects.get(reference="VSR-AUDIT-1")
    assert logged(operation=AuditOperation.COLLECTION, offender_id=imported.pk, actor_id=people["SUP"].pk)


def test_the_reconciliation_logs_a_combination(client, world):
    people, inside, _ = world
    outstanding_recompute_all()
    snapshot_take(period="weekly", today=days_ago(0))
    type(inside.offender).objects.filter(pk=inside.offender.pk).update(status="deceased")
    outstanding_recompute_all()
    snapshot_take(period="monthly", today=days_ago(0))
    client.force_login(people["LEADER"])
    client.get(reverse("dashboard-reconciliation"), {"scope": "force"})
    assert logged(operation=AuditOperation.COMBINATION, offender_id=inside.offender.pk)
