"""The demo generator: the same seed gives the same data, the data obeys the domain's rules,
and it has late, missing and non-compliant work for the dashboards to show."""

import datetime
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery

from demo import history as demo_history
from demo.seed import DEMO_PASSWORD, demo_logins, seed_demo
from demo.showcase import SURNAME as SHOWCASE_SURNAME
from offenders.models import (
    LifeEvent,
    ManagementModeChange,
    Offender,
    OffenderAssignment,
    ProbationAssessment,
    RiskSource,
)
from outstanding.selectors import due_work
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview
from rules.choices import CLOSED_STATUSES, COMPLETED_STATUSES, RiskLevel, WorkflowStatus
from rules.due import DueKind
from tests.shared_data import built_once
from visits.models import Visit
from workforce.models import Force, Role, Staff
from workforce.selectors import absences_on

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
COMMON_UK_FIRST_NAMES = {
    "Oliver", "George", "Harry", "Jack", "Noah", "Leo", "Charlie", "Thomas", "James", "John",
    "David", "Michael", "Paul", "Mark", "Peter", "Robert", "Richard", "Andrew", "Daniel",
    "Christopher", "Matthew", "Stephen", "Ian", "Gary", "Steven", "William", "Joseph", "Samuel",
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Sarah", "Emma", "Claire", "Jane",
    "Mary", "Elizabeth", "Susan", "Karen", "Lisa", "Helen", "Rachel", "Laura", "Charlotte",
}  # fmt: skip
COMMON_UK_SURNAMES = {
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
}  # fmt: skip


def seed(offenders: int = 300, seed: int = 1, **options) -> dict[str, int]:
    return seed_demo(offenders=offenders, seed=seed, today=TODAY, log=lambda line: None, **options)


class RolledBack(Exception):
    pass


def seed_and_sample(offenders: int, seed_value: int) -> tuple:
    """Seed, read a fingerprint of the data, then roll it all back (a clean database again)."""
    try:
        with transaction.atomic():
            counts = seed(offenders, seed_value)
            sample = (
                counts,
                list(
                    Offender.objects.order_by("id").values_list(
                        "reference", "first_name", "last_name", "date_of_birth", "risk_level", "status"
                    )[:25]
                ),
                list(Staff.objects.order_by("id").values_list("username", "first_name", "last_name")),
                list(
                    Visit.objects.values("status", "outcome")
                    .annotate(n=Count("id"))
                    .order_by("status", "outcome")
                ),
            )
            raise RolledBack
    except RolledBack:
        return sample


def latest(model, date_field: str, **filters):
    return Subquery(
        model.objects.filter(offender=OuterRef("pk"), **filters)
        .order_by(f"-{date_field}", "-version", "-pk")
        .values("risk_level")[:1]
    )


def test_the_same_size_and_seed_give_the_same_data():
    first = seed_and_sample(300, 7)
    assert Offender.objects.count() == 0
    assert seed_and_sample(300, 7) == first
    assert seed_and_sample(300, 8)[1] != first[1]


def test_if_empty_does_not_reseed(capsys):
    call_command("seed_demo", "--offenders", "50", "--seed", "1", "--today", "2026-11-23", "--if-empty")
    counts = (Offender.objects.count(), Staff.objects.count(), Visit.objects.count())
    call_command("seed_demo", "--offenders", "80", "--seed", "2", "--if-empty")
    assert "Demo data already present: not reseeding." in capsys.readouterr().out
    assert (Offender.objects.count(), Staff.objects.count(), Visit.objects.count()) == counts
    with pytest.raises(CommandError):
        call_command("seed_demo", "--offenders", "80", "--seed", "2")


def test_demo_logins_name_an_overloaded_offender_manager_with_overdue_work_and_their_supervisor(capsys):
    with pytest.raises(CommandError):
        call_command("demo_logins")
    seed()
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    logins = {login.role: login.username for login in demo_logins()}
    assert logins == {
        "Offender manager": "om.0001",
        "Supervisor": "supervisor.0001",
        "Senior leader": "leader.0001",
        "Administrator": "admin.0001",
    }
    assert all(username in out for username in logins.values())
    offender_manager = Staff.objects.get(username="om.0001")
    assert offender_manager.supervisor.username == "supervisor.0001"
    assert offender_manager.check_password(DEMO_PASSWORD)
    assert Staff.objects.get(username="admin.0001").is_superuser
    work = due_work(Offender.objects.filter(offender_manager=offender_manager), today=TODAY)
    assert any(entry.is_overdue for items in work.values() for entry in items)
    # The demo's officer and supervisor are at work today, so neither needs cover.
    assert not absences_on(TODAY).filter(staff__username__in=["om.0001", "supervisor.0001"]).exists()


def test_a_failure_leaves_nothing_behind(monkeypatch):
    def constraints():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")
            constraint_count = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'")
            return constraint_count, cursor.fetchone()[0]

    before = constraints()

    def broken(self, case, visits):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_history.HistoryWriter, "_write_visits", broken)
    with pytest.raises(RuntimeError):
        seed(100)
    assert not Force.objects.exists()
    assert not Staff.objects.exists()
    assert constraints() == before


def test_several_forces_have_their_own_staff_and_references():
    seed(600, forces=3)
    assert Force.objects.count() == 3
    for force in Force.objects.all():
        assert 2 <= force.teams.count() <= 6
        assert force.staff.filter(role=Role.ADMIN, is_superuser=True).count() == 1
        assert force.staff.filter(role=Role.SENIOR_LEADER).count() == 2
        references = force.offenders.values_list("reference", flat=True)
        assert all(reference.startswith(f"VSR-{force.code}-") for reference in references)
    assert not Offender.objects.exclude(team__force=F("force")).exists()


@pytest.fixture(scope="class")
def seeded_300(django_db_setup, django_db_blocker):
    """seed(): 300 offenders with seed 1, built once for the tests of the class that uses it."""
    with built_once(django_db_blocker) as unblocked:
        with unblocked():
            seed()
        yield


@pytest.mark.usefixtures("seeded_300")
class TestTheDefaultSeed:
    """The default seed, which these tests only read."""

    def test_every_offenders_risk_level_is_their_latest_completed_arms_else_probations_assessment(self):
        completed = ArmsAssessment.objects.filter(status__in=COMPLETED_STATUSES)
        offenders = Offender.objects.annotate(
            latest_arms=latest(ArmsAssessment, "assessed_on"),
            latest_completed=latest(ArmsAssessment, "assessed_on", status__in=COMPLETED_STATUSES),
            latest_signed_off=latest(ArmsAssessment, "assessed_on", status=WorkflowStatus.SIGNED_OFF),
            probations=Subquery(
                ProbationAssessment.objects.filter(offender=OuterRef("pk"))
                .order_by("-assessed_on", "-pk")
                .values("risk_level")[:1]
            ),
        )
        assert offenders.filter(risk_level__isnull=False).count() > 250
        assert offenders.filter(risk_level_source=RiskSource.PROBATION).exists()
        for offender in offenders:
            levels = list(
                completed.filter(offender=offender)
                .order_by("-assessed_on", "-version", "-pk")
                .values_list("assessed_on", "risk_level")
            )
            if not levels:
                assert offender.risk_level == offender.probations
                assert offender.risk_level_source == (RiskSource.PROBATION if offender.probations else "")
                assert offender.arms_assessed_on is None and offender.low_risk_since is None
                continue
            assert (offender.risk_level, offender.risk_level_source) == (levels[0][1], RiskSource.ARMS)
            assert offender.arms_assessed_on == levels[0][0]
            low_run = [day for day, _ in itertools.takewhile(lambda arms: arms[1] == RiskLevel.LOW, levels)]
            assert offender.low_risk_since == (low_run[-1] if low_run else None)
            # Unsigned work keeps the signed-off level: the offender has one current risk level.
            if offender.last_name != SHOWCASE_SURNAME:
                assert offender.risk_level == offender.latest_arms == offender.latest_signed_off

    def test_no_one_reviews_their_own_work_and_every_review_is_written_prose(self):
        reviews = SupervisorReview.objects.all()
        assert reviews.count() > 5000
        for field in ("arms_assessment", "risk_management_plan", "visit"):
            assert reviews.filter(**{f"{field}__isnull": False}).exists()
            assert not reviews.filter(**{f"{field}__author": F("reviewer")}).exists()
        assert not reviews.exclude(reviewer__role=Role.SUPERVISOR).exists()
        assert min(len(text) for text in reviews.values_list("text", flat=True)) >= 80
        assert reviews.values("text").distinct().count() > 100

    def test_each_record_is_signed_off_once_and_only_a_submitted_one_awaits_review(self):
        for model, field in (
            (ArmsAssessment, "arms_assessment"),
            (RiskManagementPlan, "risk_management_plan"),
            (Visit, "visit"),
        ):
            sign_offs = Count("reviews", filter=Q(reviews__decision="signed_off"))
            records = model.objects.annotate(sign_offs=sign_offs, reviewed=Count("reviews"))
            assert not records.filter(status=WorkflowStatus.SIGNED_OFF).exclude(sign_offs=1).exists()
            assert not records.filter(
                status__in=(WorkflowStatus.DRAFT, WorkflowStatus.SUBMITTED), reviewed__gt=0
            ).exists()
            assert not SupervisorReview.objects.filter(
                **{f"{field}__submitted_on__gt": F("reviewed_on")}
            ).exists()
            assert model.objects.filter(version=2, supersedes__status=WorkflowStatus.RETURNED).exists()

    def test_there_is_overdue_missing_and_non_compliant_work_to_show(self):
        overdue = {
            entry.item.kind
            for items in due_work(Offender.objects.all(), today=TODAY).values()
            for entry in items
            if entry.is_overdue
        }
        assert {DueKind.VISIT, DueKind.ARMS, DueKind.RMP_REVIEW, DueKind.PND_CHECK} <= overdue
        assert {DueKind.SUPERVISOR_REVIEW_VISIT, DueKind.SUPERVISOR_REVIEW_ARMS} <= overdue
        assert Visit.objects.non_compliant().exists()
        assert Visit.objects.filter(
            authorisation__isnull=False, authorisation__authorised_on__lte=F("visited_on")
        ).exists()
        a_month_ago = TODAY - datetime.timedelta(days=31)
        awaiting = [
            model.objects.filter(status=WorkflowStatus.SUBMITTED, submitted_on__lt=a_month_ago).count()
            for model in (ArmsAssessment, RiskManagementPlan, Visit)
        ]
        assert sum(awaiting) > 0
        assert Visit.objects.filter(status=WorkflowStatus.DRAFT).exists()

    def test_a_managed_offenders_notification_has_not_ended(self):
        managed = Offender.objects.exclude(status__in=CLOSED_STATUSES)
        assert not managed.filter(notification_ends_on__lt=TODAY).exists()
        assert managed.filter(notification_ends_on__gt=TODAY).exists()
        assert managed.filter(notification_indefinite=True).exists()
        ended = Offender.objects.filter(status="notification_ended")
        assert ended.exists()
        # Ended by date when the period ran out, or on review when it was indefinite (SOA 2003 s91B).
        assert not ended.filter(notification_ends_on__gte=TODAY).exists()
        for offender in Offender.objects.all():
            age = (TODAY - offender.date_of_birth).days / 365.25
            assert 18 <= age <= 85.1

    def test_the_open_assignment_names_the_current_offender_manager(self):
        current = OffenderAssignment.objects.filter(offender=OuterRef("pk"), ends_on__isnull=True)
        offenders = Offender.objects.annotate(assigned=Subquery(current.values("offender_manager")[:1]))
        assert not offenders.exclude(assigned=F("offender_manager")).exclude(offender_manager=None).exists()
        assert not offenders.filter(offender_manager=None, assigned__isnull=False).exists()
        assert OffenderAssignment.objects.filter(ends_on__isnull=False).exists()

    def test_nothing_happens_after_today(self):
        assert not Visit.objects.filter(visited_on__gt=TODAY).exists()
        assert not SupervisorReview.objects.filter(reviewed_on__gt=TODAY).exists()
        assert not ArmsAssessment.objects.filter(assessed_on__gt=TODAY).exists()
        assert not RiskManagementPlan.objects.filter(written_on__gt=TODAY).exists()
        assert not Offender.objects.filter(managed_since__gt=TODAY).exists()
        assert not LifeEvent.objects.filter(occurred_on__gt=TODAY).exists()
        assert not LifeEvent.objects.filter(occurred_on__lt=F("offender__managed_since")).exists()
        assert not ProbationAssessment.objects.filter(assessed_on__gt=TODAY).exists()
        assert not ManagementModeChange.objects.filter(changed_on__gt=TODAY).exists()

    def test_names_are_invented_not_common_real_names(self):
        first_names = set(Offender.objects.values_list("first_name", flat=True))
        first_names |= set(Staff.objects.values_list("first_name", flat=True))
        surnames = set(Offender.objects.values_list("last_name", flat=True))
        assert len(first_names) > 50
        assert not first_names & COMMON_UK_FIRST_NAMES
        assert not surnames & COMMON_UK_SURNAMES


@pytest.fixture(scope="class")
def seeded_1000(django_db_setup, django_db_blocker):
    """seed(1000): a thousand offenders, built once for the tests of the class that uses it."""
    with built_once(django_db_blocker) as unblocked:
        with unblocked():
            seed(1000)
        yield


@pytest.mark.usefixtures("seeded_1000")
class TestALargerSeed:
    """A thousand offenders, which these tests only read."""

    def test_offender_managers_hold_about_fifty_cases_and_supervisors_six_to_eight_of_them(self):
        caseloads = list(
            Offender.objects.exclude(status__in=CLOSED_STATUSES)
            .values("offender_manager")
            .annotate(cases=Count("id"))
            .values_list("cases", flat=True)
        )
        assert 45 <= sum(caseloads) / len(caseloads) <= 55
        overloaded = [cases for cases in caseloads if cases >= 60]
        assert overloaded and all(cases <= 75 for cases in overloaded)
        assert len(overloaded) <= 0.25 * len(caseloads)
        spans = (
            Staff.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True)
            .values("supervisor")
            .annotate(span=Count("id"))
        )
        assert spans and all(6 <= row["span"] <= 8 for row in spans)
        assert not Offender.objects.exclude(status__in=CLOSED_STATUSES).filter(offender_manager=None).exists()

    def test_a_few_reviews_are_outstanding_after_more_than_a_year(self):
        a_year_ago = TODAY - datetime.timedelta(days=366)
        old = sum(
            model.objects.filter(status=WorkflowStatus.SUBMITTED, submitted_on__lt=a_year_ago).count()
            for model in (ArmsAssessment, RiskManagementPlan, Visit)
        )
        assert 0 < old < 100
