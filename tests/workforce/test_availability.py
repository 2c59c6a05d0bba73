"""Team availability: absences (long-term ones leave caseloads needing cover) and abstractions,
recorded with who approved them and reviewed every month [docs/rules.md § People and places]."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboards import metrics
from dashboards.metrics import Level
from rules.caseload import LONG_TERM_ABSENCE_KIND_VALUES, is_long_term_absence
from rules.policy import Policy
from tests import factories
from tests.dates import date_fields, today
from workforce import services
from workforce.models import Absence, AbsenceKind, Abstraction, Staff
from workforce.selectors import long_term_absences_on, supervised_staff, vacant_posts

pytestmark = pytest.mark.django_db


def days(n):
    return today() + datetime.timedelta(days=n)


def test_an_overlapping_absence_is_refused_with_the_clash_named(supervisor, om):
    services.absence_record(
        staff=om,
        kind=AbsenceKind.LONG_TERM_SICKNESS,
        starts_on=days(-10),
        ends_on=None,
        notes="",
        acting_user=supervisor,
    )
    with pytest.raises(ValidationError, match="already recorded as absent"):
        services.absence_record(
            staff=om,
            kind=AbsenceKind.ANNUAL_LEAVE,
            starts_on=days(5),
            ends_on=days(9),
            notes="",
            acting_user=supervisor,
        )


def test_an_absence_ending_before_it_starts_is_refused(supervisor, om):
    with pytest.raises(ValidationError) as refusal:
        services.absence_record(
            staff=om,
            kind=AbsenceKind.ANNUAL_LEAVE,
            starts_on=days(5),
            ends_on=days(1),
            notes="",
            acting_user=supervisor,
        )
    assert "ends_on" in refusal.value.message_dict


def test_long_term_absences_are_judged_by_their_length_not_their_name(om):
    def absent(kind, starts_on, ends_on):
        return factories.AbsenceFactory(
            staff=factories.StaffFactory(team=om.team), kind=kind, starts_on=starts_on, ends_on=ends_on
        )

    absent(AbsenceKind.LONG_TERM_SICKNESS, days(-2), days(2))  # five days
    absent(AbsenceKind.PARENTAL, days(-26), None)  # 27 days so far
    absent(AbsenceKind.ANNUAL_LEAVE, days(-20), days(10))  # annual leave, however long
    absent(AbsenceKind.ANNUAL_LEAVE, days(-60), None)
    absent(AbsenceKind.OTHER, days(-60), None)
    suspended = absent(AbsenceKind.SUSPENSION, days(-2), days(30))  # planned to last 33 days
    seconded = absent(AbsenceKind.SECONDMENT, days(-27), None)  # 28 days so far
    sick = absent(AbsenceKind.SHORT_SICKNESS, days(-40), days(0))
    found = set(long_term_absences_on(today(), long_term_days=28).values_list("pk", flat=True))
    assert found == {suspended.pk, seconded.pk, sick.pk}


def test_every_kind_that_can_be_long_term_is_an_absence_kind():
    assert set(AbsenceKind.values) >= LONG_TERM_ABSENCE_KIND_VALUES
    assert AbsenceKind.ANNUAL_LEAVE not in LONG_TERM_ABSENCE_KIND_VALUES


def test_the_sql_selector_and_the_rule_agree_on_every_absence(om):
    """`long_term_absences_on` is `is_long_term_absence` in SQL: over every kind, start, end and
    policy length around the boundaries, the same absences are long-term on the day."""
    day = datetime.date(2026, 3, 1)
    starts = [day - datetime.timedelta(days=n) for n in (0, 1, 12, 13, 14, 26, 27, 28, 40)]
    absences = Absence.objects.bulk_create(
        Absence(staff=om, kind=kind, starts_on=start, ends_on=end)
        for kind in AbsenceKind.values
        for start in starts
        for end in [None, *[start + datetime.timedelta(days=n) for n in (0, 12, 13, 14, 26, 27, 28, 60)]]
    )
    covering = [a for a in absences if a.starts_on <= day and (a.ends_on is None or a.ends_on >= day)]
    for long_term_days in (1, 14, 28):
        in_sql = set(long_term_absences_on(day, long_term_days=long_term_days).values_list("pk", flat=True))
        by_rule = {
            a.pk
            for a in covering
            if is_long_term_absence(
                kind=a.kind, starts_on=a.starts_on, ends_on=a.ends_on, long_term_days=long_term_days, on=day
            )
        }
        assert in_sql == by_rule, long_term_days
        assert by_rule and {a.pk for a in covering} - by_rule, "the grid covers both answers"


def test_abstractions_need_a_reason_an_approver_and_sensible_hours(supervisor, om):
    with pytest.raises(ValidationError) as refusal:
        services.abstraction_record(
            staff=om,
            starts_on=days(-1),
            ends_on=days(-1),
            hours=Decimal("30"),
            reason=" ",
            approved_by=om,
            acting_user=supervisor,
        )
    assert set(refusal.value.message_dict) == {"hours", "reason", "approved_by"}


def test_the_monthly_review_marks_who_reviewed_and_never_ones_own(supervisor, om):
    first = factories.AbstractionFactory(staff=om, approved_by=supervisor)
    own = factories.AbstractionFactory(staff=supervisor)
    reviewed = services.abstractions_review(abstractions=[first], reviewer=supervisor, today=today())
    first.refresh_from_db()
    assert reviewed == [first] and (first.reviewed_by, first.reviewed_on) == (supervisor, today())
    with pytest.raises(ValidationError, match="your own abstraction"):
        services.abstractions_review(abstractions=[own], reviewer=supervisor, today=today())


def test_the_availability_page_records_an_absence_and_lists_it(client, supervisor, om):
    client.force_login(supervisor)
    response = client.post(
        reverse("absence-new", args=[om.team.pk]),
        {
            "staff": om.pk,
            "kind": AbsenceKind.PARENTAL,
            **date_fields("starts_on", days(-1)),
            **date_fields("ends_on", days(90)),
            "notes": "Paternity leave.",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("team-availability", args=[om.team.pk])).content.decode()
    assert "Maternity or paternity leave" in page and "Long-term" in page
    absence = Absence.objects.get(staff=om)
    assert absence.recorded_by == supervisor and absence.ends_on == days(90)


def test_a_rejected_absence_keeps_what_was_typed(client, supervisor, om):
    client.force_login(supervisor)
    response = client.post(
        reverse("absence-new", args=[om.team.pk]),
        {
            "staff": om.pk,
            "kind": AbsenceKind.ANNUAL_LEAVE,
            **date_fields("starts_on", days(3)),
            "ends_on_day": "31",
            "ends_on_month": "2",
            "ends_on_year": "2027",
            "notes": "Half term.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "must be a real date" in page and "Half term." in page
    assert not Absence.objects.exists()


def test_recording_the_end_of_an_open_absence(client, supervisor, om):
    absence = factories.AbsenceFactory(staff=om, starts_on=days(-40), ends_on=None)
    client.force_login(supervisor)
    client.post(reverse("absence-end", args=[om.team.pk, absence.pk]), date_fields("ends_on", days(3)))
    absence.refresh_from_db()
    assert absence.ends_on == days(3)


def test_abstractions_are_recorded_and_reviewed_by_month(client, supervisor, om):
    client.force_login(supervisor)
    start = today().replace(day=1) - datetime.timedelta(days=20)
    response = client.post(
        reverse("abstraction-new", args=[om.team.pk]),
        {
            "staff": om.pk,
            **date_fields("starts_on", start),
            **date_fields("ends_on", start),
            "hours": "7.5",
            "reason": "Covering the response team during a football fixture.",
            "approved_by": supervisor.pk,
        },
    )
    abstraction = Abstraction.objects.get()
    assert response.url.endswith(f"?month={start:%Y-%m}")
    listed = client.get(response.url).content.decode()
    assert "1 awaiting review" in listed and "football fixture" in listed
    client.post(
        reverse("abstractions-review", args=[om.team.pk]),
        {"abstraction": [abstraction.pk], "month": f"{start:%Y-%m}"},
    )
    abstraction.refresh_from_db()
    assert abstraction.reviewed_by == supervisor


def test_senior_leaders_read_and_offender_managers_are_kept_out(client, supervisor, om):
    leader = factories.StaffFactory(role="senior_leader", team=None, force=om.force)
    client.force_login(leader)
    assert client.get(reverse("team-availability", args=[om.team.pk])).status_code == 200
    assert client.get(reverse("absence-new", args=[om.team.pk])).status_code == 403
    client.force_login(om)
    assert client.get(reverse("team-availability", args=[om.team.pk])).status_code == 404


def test_cover_follows_the_absence_of_a_supervisor(supervisor, om):
    colleague = factories.SupervisorFactory(team=factories.TeamFactory(force=supervisor.force))
    their_om = factories.StaffFactory(team=colleague.team, supervisor=colleague)
    assert set(supervised_staff(supervisor, day=today())) == {om}
    factories.AbsenceFactory(
        staff=colleague, kind=AbsenceKind.ANNUAL_LEAVE, starts_on=days(-1), ends_on=days(1)
    )
    assert set(supervised_staff(supervisor, day=today())) == {om, their_om}
    assert set(supervised_staff(supervisor, day=days(2))) == {om}


@pytest.fixture
def vacant_post(supervisor):
    """An offender manager post nobody holds: an inactive row with an open vacancy."""
    post = factories.StaffFactory(
        team=supervisor.team, first_name="Vacant", last_name="post", is_active=False
    )
    factories.AbsenceFactory(staff=post, kind=AbsenceKind.VACANCY, starts_on=days(-120), ends_on=None)
    return post


def test_a_vacant_post_is_a_post_not_a_person_away(client, supervisor, om, vacant_post):
    """Issue 15, item 17: nobody is away; the team has one vacant post, and filling it is not
    the end of somebody's absence."""
    client.force_login(supervisor)
    page = client.get(reverse("team-availability", args=[supervisor.team.pk])).content.decode()
    assert "away today" in page and "0 people are away today" in page
    assert "and 1 post is vacant" in page
    assert "Vacant post's absence" not in page and "Record the post filled" in page
    vacancy = Absence.objects.get(staff=vacant_post)
    form = client.get(reverse("absence-end", args=[supervisor.team.pk, vacancy.pk])).content.decode()
    assert "Record the post filled" in form and "Record the end of the absence" not in form


def test_the_team_page_and_the_dashboard_count_the_same_vacancies(supervisor, om, vacant_post):
    """One definition of a vacancy: a post no one holds. A vacancy absence recorded against
    someone still in post is not a vacant post (nor is an ended one)."""
    factories.AbsenceFactory(staff=om, kind=AbsenceKind.VACANCY, starts_on=days(-10), ends_on=None)
    filled = factories.StaffFactory(team=supervisor.team, is_active=False)
    factories.AbsenceFactory(staff=filled, kind=AbsenceKind.VACANCY, starts_on=days(-90), ends_on=days(-5))
    team_count = vacant_posts(supervisor.team, day=today()).count()
    people = metrics._people(Staff.objects.filter(team=supervisor.team), Level.TEAM, today(), Policy())
    assert team_count == people[supervisor.team.pk]["vacancies"] == 1
