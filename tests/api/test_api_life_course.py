"""One nominal's life course through the API, from registration to the end of notification:
after each step the status, lead agency, management mode and every due item are what the
rules say (docs/rules.md § Life course; docs/rules.md § What falls due).

The clock moves with the story (time-machine); the nightly job runs where the story needs
time to pass by itself (a licence ending, the notification ending)."""

import datetime

import pytest
import time_machine

from dashboards import tasks
from tests import factories
from tests.api.support import api_client

pytestmark = pytest.mark.django_db(transaction=False)
D = datetime.date
# From the release notification on: the next periodic notification, and the visit verifying the
# address it gave (no visit is recorded in the story, so it stays due until the period ends).
NOTIFYING = {("notification_periodic", "2021-10-06"), ("address_verification", "2020-10-16")}


@pytest.fixture
def unit():
    team = factories.TeamFactory()
    supervisor = factories.SupervisorFactory(team=team)
    om = factories.StaffFactory(team=team, supervisor=supervisor)
    return team, supervisor, om


class Story:
    """Calls the API on the story's day as the supervisor or the offender manager."""

    def __init__(self, team, supervisor, om):
        self.team, self.supervisor, self.om = team, supervisor, om
        self.offender_id = None

    def on(self, day: D):
        return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)

    def call(self, user, method, path, body=None, status=200):
        # A fresh key each call: keys expire after 90 days, and the story spans years.
        response = getattr(api_client(user), method)(f"/api/v1/{path}", body, format="json")
        assert response.status_code == status, response.json()
        return response.json()

    def event(self, kind, day, user=None, **details):
        return self.call(
            user or self.om,
            "post",
            f"offenders/{self.offender_id}/events/",
            {"kind": kind, "occurred_on": day.isoformat(), **details},
            status=201,
        )

    def state(self):
        offender = self.call(self.om, "get", f"offenders/{self.offender_id}/")
        return offender["status"], offender["lead_agency"], offender["management_mode"]

    def due(self):
        return {
            (item["kind"], item["due_on"])
            for item in self.call(self.om, "get", f"offenders/{self.offender_id}/due/")
        }

    def record(self, path, body, *, author=None):
        author = author or self.om
        created = self.call(author, "post", f"{path}/", {"offender": self.offender_id, **body}, status=201)
        self.call(author, "post", f"{path}/{created['id']}/submit/", {"row_version": created["row_version"]})
        return created["id"]


def test_a_nominal_from_registration_to_the_end_of_notification(unit):
    story = Story(*unit)

    # Registered in the community after a caution: police lead; nothing is due at once.
    with story.on(D(2020, 1, 6)):
        registered = story.call(
            story.supervisor,
            "post",
            "offenders/",
            {
                "team": story.team.pk,
                "offender_manager": story.om.pk,
                "reference": "VSR-TS-LIFE01",
                "first_name": "Quentin",
                "last_name": "Lifecourse",
                "date_of_birth": "1984-02-29",
                "offender_type": "rso",
                "mappa_category": 1,
                "mappa_level": 1,
                "disposal": "caution",
                "relevant_date": "2019-12-01",
                "managed_since": "2020-01-06",
            },
            status=201,
        )
        story.offender_id = registered["id"]
        assert story.state() == ("community", "police", "active")
        # A 2-year period beginning 1 December 2019 has 30 November 2021 as its last day.
        assert registered["notification_ends_on"] == "2021-11-30"
        assert story.due() == {
            ("arms", "2020-01-21"),  # first ARMS, RMP and PND check: 15 days in, not day one
            ("rmp_review", "2020-01-21"),
            ("pnd_check", "2020-01-21"),
            ("visit", "2020-02-06"),  # no risk level yet: the most frequent default, monthly
        }

    # Convicted: awaiting sentence, still police-led.
    with story.on(D(2020, 3, 2)):
        story.event("convicted", D(2020, 3, 2))
        assert story.state() == ("community", "police", "active")

    # Sentenced to 12 months' imprisonment: in custody, probation leads; no visits, no PND
    # checks, no police ARMS or RMP.
    with story.on(D(2020, 4, 6)):
        story.event("sentenced", D(2020, 4, 6), disposal="custody", sentence_months=12)
        assert story.state() == ("custody", "probation", "active")
        assert story.due() == set()
        offender = story.call(story.om, "get", f"offenders/{story.offender_id}/")
        # 10 years beginning with the conviction (2 March 2020) now govern.
        assert offender["notification_ends_on"] == "2030-03-01"

    # Released on licence: the first visit and PND check count from the release, and the
    # offender must notify the release within 3 days (SOA 2003 s84(1)(d)).
    with story.on(D(2020, 10, 5)):
        story.event("released", D(2020, 10, 5), licence_ends_on="2021-04-05")
        assert story.state() == ("community", "probation", "active")
        assert story.due() == {
            ("pnd_check", "2020-10-20"),
            ("visit", "2020-11-05"),
            ("notification_release", "2020-10-07"),
        }

    # Notified the next day: the periodic notification falls due a year on, and a visit verifies
    # the home address within the force's 10 days.
    with story.on(D(2020, 10, 6)):
        story.call(
            story.om,
            "post",
            "notifications/",
            {
                "offender": story.offender_id,
                "kind": "release",
                "notified_on": "2020-10-06",
                "event_on": "2020-10-05",
                "place": "Testbridge Police Station",
                "home_address": "Approved premises, 1 Fictional Row, Testbridge",
            },
            status=201,
        )
        assert story.due() == {("pnd_check", "2020-10-20"), ("visit", "2020-11-05"), *NOTIFYING}

    # The licence's last day passes; the nightly job records its end and the police lead, with
    # 15 days for a new ARMS and RMP.
    with story.on(D(2021, 4, 6)):
        tasks.nightly()
        assert story.state() == ("community", "police", "active")
        events = story.call(story.om, "get", f"offenders/{story.offender_id}/events/")
        assert (events[-1]["kind"], events[-1]["occurred_on"], events[-1]["recorded_by"]) == (
            "licence_ended",
            "2021-04-06",
            None,
        )
        assert story.due() == {
            ("post_licence_arms_rmp", "2021-04-21"),
            ("pnd_check", "2020-10-20"),
            ("visit", "2020-11-05"),
            *NOTIFYING,
        }

    # The OM assesses (low) and plans; visits and checks are done.
    with story.on(D(2021, 4, 12)):
        story.record("arms-assessments", {"assessed_on": "2021-04-12", "risk_level": "low"})
        story.record(
            "risk-management-plans",
            {"written_on": "2021-04-12", "next_review_on": "2022-04-12", **factories.PLAN_SECTIONS_WRITTEN},
        )
        story.call(
            story.om,
            "post",
            f"offenders/{story.offender_id}/annual-checks/",
            {
                "checked_on": "2021-04-12",
                "results": dict.fromkeys(("pnd", "pnc", "visor", "local"), "no_trace"),
            },
            status=201,
        )
        assert story.due() == {
            ("arms", "2022-04-12"),  # low risk: every 12 months
            ("rmp_review", "2022-04-12"),
            ("pnd_check", "2022-04-12"),
            ("visit", "2021-10-05"),  # 12 months after the release, for low risk
            ("supervisor_review_arms", "2021-05-12"),  # within one month of submission
            ("supervisor_review_rmp", "2021-05-12"),
            *NOTIFYING,
        }

    # Three years low risk in the community later, with a current low ARMS: reactive.
    with story.on(D(2024, 4, 15)):
        story.record("arms-assessments", {"assessed_on": "2024-04-15", "risk_level": "low"})
        story.call(
            story.supervisor,
            "post",
            f"offenders/{story.offender_id}/management-mode/",
            {"mode": "reactive", "reason": "Low risk and compliant in the community for three years."},
        )
        assert story.state() == ("community", "police", "reactive")
        # No visits and no PND check: annual checks and an annual RMP review instead.
        assert story.due() == {
            ("arms", "2025-04-15"),
            ("reactive_checks", "2025-04-15"),
            ("reactive_rmp_review", "2022-04-12"),  # a year after the last RMP: long overdue
            ("supervisor_review_arms", "2021-05-12"),
            ("supervisor_review_arms", "2024-05-15"),
            ("supervisor_review_rmp", "2021-05-12"),
            *NOTIFYING,
        }

    # An ARMS of high: no longer reactive that day; a visit falls due one interval for high
    # risk (3 months) after the return.
    with story.on(D(2024, 8, 1)):
        story.record("arms-assessments", {"assessed_on": "2024-08-01", "risk_level": "high"})
        assert story.state() == ("community", "police", "active")
        assert story.due() == {
            ("visit", "2024-11-01"),
            ("arms", "2025-02-01"),  # high risk: every 6 months
            ("rmp_review", "2021-10-12"),  # 6 months for high risk: the plan's later date is not authorised
            ("pnd_check", "2022-04-12"),  # a year after the last PND check
            ("supervisor_review_arms", "2021-05-12"),
            ("supervisor_review_arms", "2024-05-15"),
            ("supervisor_review_arms", "2024-09-01"),
            ("supervisor_review_rmp", "2021-05-12"),
            *NOTIFYING,
        }

    # An SHPO until further order: notification stays open while it runs, and its condition
    # is checked by the force default (every 3 months) from the order's start.
    with story.on(D(2024, 9, 2)):
        story.event(
            "civil_order_made",
            D(2024, 9, 2),
            order_kind="shpo",
            conditions=["Not to delete internet history"],
        )
        offender = story.call(story.om, "get", f"offenders/{story.offender_id}/")
        assert (offender["notification_ends_on"], offender["notification_indefinite"]) == (None, True)
        assert story.due() == {
            ("condition_check", "2024-12-02"),
            ("visit", "2024-11-01"),
            ("arms", "2025-02-01"),
            ("rmp_review", "2021-10-12"),
            ("pnd_check", "2022-04-12"),
            ("supervisor_review_arms", "2021-05-12"),
            ("supervisor_review_arms", "2024-05-15"),
            ("supervisor_review_arms", "2024-09-01"),
            ("supervisor_review_rmp", "2021-05-12"),
            *NOTIFYING,
        }

    # The SHPO is discharged long after the 10-year period ended: the next night the
    # notification requirements end, and nothing is due any more.
    with story.on(D(2031, 1, 6)):
        order = story.call(story.om, "get", f"offenders/{story.offender_id}/events/")[-1]["order"]
        story.event("civil_order_discharged", D(2031, 1, 6), order=order)
        assert story.state() == ("community", "police", "active")
    with story.on(D(2031, 1, 7)):
        tasks.nightly()
        assert story.state()[0] == "notification_ended"
        assert story.due() == set()
        events = story.call(story.om, "get", f"offenders/{story.offender_id}/events/")
        assert [event["kind"] for event in events][-2:] == ["civil_order_discharged", "notification_ended"]
        assert events[-1]["occurred_on"] == "2031-01-07"
