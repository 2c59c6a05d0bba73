"""Every page with a table fits a phone 390 px wide without the page scrolling sideways, and axe
still finds nothing blocking there (issue 15, item 25: an OM reads the caseload between visits).
Below GOV.UK's mobile breakpoint each table row is a stacked block, each value after its
column's heading."""

import pytest
from django.utils import timezone

from demo.seed import DEMO_PASSWORD
from offenders.models import Offender
from rules.choices import OffenderStatus, OffenderType
from tests.browser.test_accessibility import blocking_violations, describe
from workforce.models import Role, Staff

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# name: (who opens it, its path given the demo's people and one of the OM's offenders)
PAGES = {
    "caseload": ("om", lambda w: "/caseload/"),
    "offender record": ("om", lambda w: f"/offenders/{w['offender'].pk}/"),
    "life course": ("om", lambda w: f"/offenders/{w['offender'].pk}/events/"),
    "notifications": ("om", lambda w: f"/offenders/{w['offender'].pk}/notifications/"),
    "failed to notify": ("om", lambda w: "/failed-to-notify/"),
    "review queue": ("supervisor", lambda w: "/reviews/"),
    "team": ("supervisor", lambda w: f"/teams/{w['om'].team_id}/"),
    "officer caseload": ("supervisor", lambda w: f"/teams/{w['om'].team_id}/officers/{w['om'].pk}/"),
    "rebalance": ("supervisor", lambda w: f"/teams/{w['om'].team_id}/rebalance/"),
    "absences": ("supervisor", lambda w: f"/teams/{w['om'].team_id}/availability/"),
    "visit crewing": ("supervisor", lambda w: f"/teams/{w['om'].team_id}/visit-crewing/"),
    "access log": ("supervisor", lambda w: f"/offenders/{w['offender'].pk}/access-log/"),
    "force dashboard": ("leader", lambda w: "/dashboards/"),
    "team dashboard": ("leader", lambda w: f"/dashboards/?scope=team:{w['om'].team_id}"),
    "officer dashboard": ("leader", lambda w: f"/dashboards/?scope=om:{w['om'].pk}"),
    "records behind a number": (
        "leader",
        lambda w: "/dashboards/records/outstanding/?scope=force&group=visit&band=overdue",
    ),
}

# Pages whose list may be empty on the demo (then they show a sentence, not a table).
MAY_BE_EMPTY = {"failed to notify"}

# The elements wider than the phone, to say in a failure what pushes the page out.
TOO_WIDE = """width => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > width + 1)
    .slice(0, 8)
    .map(element => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`
        + ` (right edge ${Math.round(element.getBoundingClientRect().right)} px)`)"""


@pytest.fixture
def people(demo_supervisor, demo_om):
    from dashboards.snapshots import snapshot_take

    for period in ("weekly", "monthly"):
        snapshot_take(period=period, today=timezone.localdate())
    leader = Staff.objects.filter(force=demo_om.force, role=Role.SENIOR_LEADER).order_by("username").first()
    offender = (
        Offender.objects.filter(
            offender_manager=demo_om, status=OffenderStatus.COMMUNITY, offender_type=OffenderType.RSO
        )
        .filter(outstanding_items__isnull=False)
        .order_by("pk")
        .first()
    )
    return {"om": demo_om, "supervisor": demo_supervisor, "leader": leader, "offender": offender}


def phone_problems(page, name: str, url: str) -> str | None:
    """What is wrong with one page on a phone: None when it opens, shows its tables stacked,
    does not scroll sideways and axe finds nothing blocking."""
    response = page.goto(url)
    if response.status != 200:
        return f"{name} answered {response.status}"
    if page.locator("table.mosovo-table--stacked").count() == 0 and name not in MAY_BE_EMPTY:
        return f"{name} shows no table"
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        return f"{name} is {width} px wide: " + "; ".join(page.evaluate(TOO_WIDE, PHONE["width"]))
    violations = blocking_violations(page)
    return f"{name}: {describe(violations)}" if violations else None


@pytest.mark.parametrize("role", ["om", "supervisor", "leader"])
def test_every_page_fits_a_phone_and_passes_axe_there(role, sign_in, people, live_server):
    """Each role's pages in one signed-in session on one seeded force; every failing page is
    reported."""
    page = sign_in(people[role], DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    problems = [
        phone_problems(page, name, f"{live_server.url}{path(people)}")
        for name, (opener, path) in PAGES.items()
        if opener == role
    ]
    assert [problem for problem in problems if problem] == []
