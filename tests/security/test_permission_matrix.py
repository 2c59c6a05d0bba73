"""Every role × every page × a record in scope and one out of scope, with the status each cell
must answer — written out here, not computed by the code under test (issue 6).

The world: force A's team holds offender manager OM (with offender X and X's records), a
teammate MATE, their supervisor SUP, the force's senior leader LEADER and its ADMIN; force B
holds offender Y and Y's records (out of scope for everyone in force A). Out-of-scope records
answer 404 (an IDOR sweep: nothing leaks their existence) unless the role itself is refused
first (403, which says nothing about the record).
"""

import datetime

import pytest
from django.urls import reverse

from offenders.models import ConditionKind, Order, OrderCondition, RestrictedViewer

pytestmark = pytest.mark.django_db

ROLES = ("OM", "MATE", "SUP", "LEADER", "ADMIN")
OK, MOVED, FORBIDDEN, MISSING = 200, 302, 403, 404


def _condition(side) -> OrderCondition:
    """A condition of an order in force on the side's offender (made the first time it is asked for)."""
    order, _ = Order.objects.get_or_create(
        offender=side.offender, kind="shpo", defaults={"starts_on": side.offender.managed_since}
    )
    condition = order.conditions.first()
    return condition or OrderCondition.objects.create(
        order=order, kind=ConditionKind.PROHIBITION, text="Not to delete internet history"
    )


def _plan_with_a_later_review(side):
    """The side's plan, its review date set later than any interval allows (for a supervisor to authorise)."""
    plan = side.plan
    type(plan).objects.filter(pk=plan.pk).update(
        next_review_on=plan.written_on + datetime.timedelta(days=1000)
    )
    return plan


# (method, address) of each page, given the side whose records it opens.
PAGES = {
    "offender-record": ("get", lambda s: reverse("offender-record", args=[s.offender.pk])),
    "visit-new": ("get", lambda s: reverse("visit-new", args=[s.offender.pk])),
    "arms-new": ("get", lambda s: reverse("arms-new", args=[s.offender.pk])),
    "rmp-new": ("get", lambda s: reverse("rmp-new", args=[s.offender.pk])),
    "intelligence-check-new": ("get", lambda s: reverse("intelligence-check-new", args=[s.offender.pk])),
    "reactive-checks-new": ("get", lambda s: reverse("reactive-checks-new", args=[s.offender.pk])),
    "outcome-new": ("get", lambda s: reverse("outcome-new", args=[s.offender.pk])),
    "visit-authorisation-new": ("get", lambda s: reverse("visit-authorisation-new", args=[s.offender.pk])),
    "management-mode": ("get", lambda s: reverse("management-mode", args=[s.offender.pk])),
    "access-log": ("get", lambda s: reverse("access-log", args=[s.offender.pk])),
    "life-events": ("get", lambda s: reverse("life-events", args=[s.offender.pk])),
    "notifications": ("get", lambda s: reverse("notifications", args=[s.offender.pk])),
    "notification-choose": ("get", lambda s: reverse("notification-choose", args=[s.offender.pk])),
    "notification-new": ("get", lambda s: reverse("notification-new", args=[s.offender.pk, "periodic"])),
    "failure-to-notify-new": ("get", lambda s: reverse("failure-to-notify-new", args=[s.offender.pk])),
    "life-event-choose": ("get", lambda s: reverse("life-event-choose", args=[s.offender.pk])),
    "life-event-new": ("get", lambda s: reverse("life-event-new", args=[s.offender.pk, "wanted"])),
    "probation-assessment-new": ("get", lambda s: reverse("probation-assessment-new", args=[s.offender.pk])),
    "order-condition-new": ("get", lambda s: reverse("order-condition-new", args=[_condition(s).order_id])),
    "condition-check-new": ("get", lambda s: reverse("condition-check-new", args=[_condition(s).pk])),
    "rmp-authorise-later-review": (
        "get",
        lambda s: reverse("rmp-authorise-later-review", args=[_plan_with_a_later_review(s).pk]),
    ),
    "visit-detail": ("get", lambda s: reverse("visit-detail", args=[s.submitted_visit.pk])),
    "visit-edit": ("get", lambda s: reverse("visit-edit", args=[s.draft_visit.pk])),
    "visit-submit": ("post", lambda s: reverse("visit-submit", args=[s.draft_visit.pk])),
    "visit-revise": ("post", lambda s: reverse("visit-revise", args=[s.submitted_visit.pk])),
    "arms-detail": ("get", lambda s: reverse("arms-detail", args=[s.draft_arms.pk])),
    "arms-edit": ("get", lambda s: reverse("arms-edit", args=[s.draft_arms.pk])),
    "record-discard": ("get", lambda s: reverse("record-discard", args=["arms", s.draft_arms.pk])),
    "arms-revise": ("post", lambda s: reverse("arms-revise", args=[s.signed_off_arms.pk])),
    "rmp-revise": ("post", lambda s: reverse("rmp-revise", args=[s.plan.pk])),
    "rmp-detail": ("get", lambda s: reverse("rmp-detail", args=[s.plan.pk])),
    "rmp-edit": ("get", lambda s: reverse("rmp-edit", args=[s.plan.pk])),
    "review-record": ("get", lambda s: reverse("review-record", args=["visit", s.submitted_visit.pk])),
    "team-detail": ("get", lambda s: reverse("team-detail", args=[s.team.pk])),
    "officer-caseload": ("get", lambda s: reverse("officer-caseload", args=[s.team.pk, s.officer.pk])),
    "rebalance": ("get", lambda s: reverse("rebalance", args=[s.team.pk])),
    "visit-crewing": ("get", lambda s: reverse("visit-crewing", args=[s.team.pk])),
    "reassign": ("get", lambda s: reverse("reassign") + f"?offender={s.offender.pk}"),
    "import-extract": ("get", lambda s: reverse("import-extract", args=[s.team.pk])),
    "team-availability": ("get", lambda s: reverse("team-availability", args=[s.team.pk])),
    "absence-new": ("get", lambda s: reverse("absence-new", args=[s.team.pk])),
    "absence-end": ("get", lambda s: reverse("absence-end", args=[s.team.pk, s.absence.pk])),
    "abstraction-new": ("get", lambda s: reverse("abstraction-new", args=[s.team.pk])),
    "abstractions-review": ("post", lambda s: reverse("abstractions-review", args=[s.team.pk])),
    "dashboard": ("get", lambda s: reverse("dashboard") + f"?scope=team:{s.team.pk}"),
    "dashboard-list": (
        "get",
        lambda s: reverse("dashboard-list", args=["offenders"]) + f"?scope=team:{s.team.pk}",
    ),
    "api-dashboard": ("get", lambda s: reverse("api-dashboard") + f"?scope=team:{s.team.pk}"),
}

# page: {role: (in scope, out of scope)}
EXPECTED = {
    **{
        page: {"OM": (OK, MISSING), "MATE": (OK, MISSING), "SUP": (OK, MISSING),
               "LEADER": (OK, MISSING), "ADMIN": (MISSING, MISSING)}
        for page in ("offender-record", "life-events", "notifications")
    },
    **{
        form: {"OM": (OK, MISSING), "MATE": (FORBIDDEN, MISSING), "SUP": (OK, MISSING),
               "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)}
        for form in ("visit-new", "arms-new", "rmp-new", "intelligence-check-new", "reactive-checks-new",
                     "outcome-new", "life-event-choose", "life-event-new", "probation-assessment-new",
                     "order-condition-new", "condition-check-new", "notification-choose", "notification-new",
                     "failure-to-notify-new")
    },
    **{
        page: {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
               "LEADER": (FORBIDDEN, FORBIDDEN), "ADMIN": (FORBIDDEN, FORBIDDEN)}
        for page in ("visit-authorisation-new", "rmp-authorise-later-review")
    },
    "management-mode": {"OM": (OK, MISSING), "MATE": (OK, MISSING), "SUP": (OK, MISSING),
                        "LEADER": (OK, MISSING), "ADMIN": (MISSING, MISSING)},
    "access-log": {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
                   "LEADER": (FORBIDDEN, FORBIDDEN), "ADMIN": (OK, MISSING)},
    **{
        detail: {"OM": (OK, MISSING), "MATE": (OK, MISSING), "SUP": (OK, MISSING),
                 "LEADER": (OK, MISSING), "ADMIN": (MISSING, MISSING)}
        for detail in ("visit-detail", "arms-detail", "rmp-detail")
    },
    # Only the author edits, submits or discards a draft; the supervisor may write but is not its author.
    **{
        edit: {"OM": (OK, MISSING), "MATE": (FORBIDDEN, MISSING), "SUP": (FORBIDDEN, MISSING),
               "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)}
        for edit in ("visit-edit", "arms-edit", "record-discard")
    },
    "visit-submit": {"OM": (MOVED, MISSING), "MATE": (FORBIDDEN, MISSING), "SUP": (FORBIDDEN, MISSING),
                     "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)},
    # A submitted (not reviewed) visit cannot be revised: the page says so and goes back (302).
    **{
        revise: {"OM": (MOVED, MISSING), "MATE": (FORBIDDEN, MISSING), "SUP": (MOVED, MISSING),
                 "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)}
        for revise in ("visit-revise", "arms-revise", "rmp-revise")
    },
    # The plan is submitted: its author is shown it read-only instead of the form (302).
    "rmp-edit": {"OM": (MOVED, MISSING), "MATE": (FORBIDDEN, MISSING), "SUP": (FORBIDDEN, MISSING),
                 "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)},
    "review-record": {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
                      "LEADER": (FORBIDDEN, FORBIDDEN), "ADMIN": (FORBIDDEN, FORBIDDEN)},
    **{
        page: {"OM": (MISSING, MISSING), "MATE": (MISSING, MISSING), "SUP": (OK, MISSING),
               "LEADER": (OK, MISSING), "ADMIN": (MISSING, MISSING)}
        for page in ("team-detail", "officer-caseload", "visit-crewing", "team-availability")
    },
    # Team pages that act: found first (404 outside), then only a supervisor acts (403).
    **{
        page: {"OM": (MISSING, MISSING), "MATE": (MISSING, MISSING), "SUP": (OK, MISSING),
               "LEADER": (FORBIDDEN, MISSING), "ADMIN": (MISSING, MISSING)}
        for page in ("rebalance", "absence-new", "absence-end", "abstraction-new")
    },
    # Abstractions are reviewed monthly by a supervisor or a senior leader.
    "abstractions-review": {"OM": (MISSING, MISSING), "MATE": (MISSING, MISSING), "SUP": (MOVED, MISSING),
                            "LEADER": (MOVED, MISSING), "ADMIN": (MISSING, MISSING)},
    "reassign": {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
                 "LEADER": (FORBIDDEN, FORBIDDEN), "ADMIN": (FORBIDDEN, FORBIDDEN)},
    "import-extract": {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
                       "LEADER": (FORBIDDEN, FORBIDDEN), "ADMIN": (FORBIDDEN, FORBIDDEN)},
    **{
        page: {"OM": (FORBIDDEN, FORBIDDEN), "MATE": (FORBIDDEN, FORBIDDEN), "SUP": (OK, MISSING),
               "LEADER": (OK, MISSING), "ADMIN": (FORBIDDEN, FORBIDDEN)}
        for page in ("dashboard", "dashboard-list", "api-dashboard")
    },
}  # fmt: skip

# Pages that touch no single record: role decides, and the page shows only what is in scope.
NO_RECORD_PAGES = {
    "home": dict.fromkeys(ROLES, OK),
    "caseload": dict.fromkeys(ROLES, OK),
    "failed-to-notify": dict.fromkeys(ROLES, OK),  # each sees only the offenders they follow
    "review-queue": {"OM": FORBIDDEN, "MATE": FORBIDDEN, "SUP": OK, "LEADER": FORBIDDEN, "ADMIN": FORBIDDEN},
    "team-list": dict.fromkeys(ROLES, OK) | {"SUP": MOVED, "LEADER": MOVED},  # one team: straight to it
    "dashboard-reconciliation": {"OM": FORBIDDEN, "MATE": FORBIDDEN, "SUP": OK, "LEADER": OK,
                                 "ADMIN": FORBIDDEN},
}  # fmt: skip


def test_the_table_covers_every_page():
    from django.urls import get_resolver

    names = {pattern.name for pattern in _patterns(get_resolver().url_patterns) if pattern.name}
    public = {"login", "logout", "healthz", "two-factor", "two-factor-set-up", "admin-login", "favicon"}
    api = {name for name in names if name.startswith("api-") and name != "api-dashboard"}
    unclassified = names - set(EXPECTED) - set(NO_RECORD_PAGES) - public - api - {"schema", "swagger-ui"}
    assert {name for name in unclassified if not name.startswith("admin")} == set()


def _patterns(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if getattr(pattern, "app_name", None) == "admin":
                continue
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def request(client, method, url):
    return client.get(url) if method == "get" else client.post(url)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_table_says(client, world, role):
    people, inside, outside = world
    client.force_login(people[role])
    wrong = {}
    for page, (method, address) in PAGES.items():
        got = (
            request(client, method, address(inside)).status_code,
            request(client, method, address(outside)).status_code,
        )
        if got != EXPECTED[page][role]:
            wrong[page] = {"expected": EXPECTED[page][role], "got": got}
    for page, expected in NO_RECORD_PAGES.items():
        got = client.get(reverse(page)).status_code
        if got != expected[role]:
            wrong[page] = {"expected": expected[role], "got": got}
    assert wrong == {}


def test_signed_out_every_page_sends_to_sign_in(client, world):
    _, inside, _ = world
    for page, (method, address) in PAGES.items():
        response = request(client, method, address(inside))
        if page == "api-dashboard":
            assert response.status_code in (401, 403), page
        else:
            assert response.status_code == 302 and "/accounts/login/" in response.url, page


def test_a_restricted_nominal_is_seen_only_by_the_staff_named_on_its_list(client, world):
    people, inside, _ = world
    type(inside.offender).objects.filter(pk=inside.offender.pk).update(is_restricted=True)
    url = reverse("offender-record", args=[inside.offender.pk])
    for role in ROLES:
        client.force_login(people[role])
        assert client.get(url).status_code == 404, role
    RestrictedViewer.objects.create(offender=inside.offender, staff=people["MATE"], granted_by=people["SUP"])
    client.force_login(people["MATE"])
    assert client.get(url).status_code == 200
    client.force_login(people["OM"])  # even the offender's own OM is not on the list
    assert client.get(url).status_code == 404
