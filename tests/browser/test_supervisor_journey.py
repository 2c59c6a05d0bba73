"""The supervisor's day in the browser on a seeded demo force: work the review queue (sign off,
return with reasons, be refused a one-word review and one's own work), authorise a
single-crewed visit that the offender manager then logs as compliant, and reassign offenders
after checking everyone's 50/20 position."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.seed import DEMO_PASSWORD
from offenders.case_records import record_submit
from offenders.models import Offender, OffenderAssignment
from outstanding.positions import caseload_counts
from risk.models import ReviewDecision, SupervisorReview
from rules.caseload import fifty_twenty
from rules.choices import HIGH_RISK_LEVELS, OffenderStatus, OffenderType, WorkflowStatus
from tests.browser.test_accessibility import blocking_violations, describe
from tests.browser.test_om_journey import choose, fill_date, screenshot
from visits.content import VisitContent
from visits.models import Visit
from visits.services import visit_save
from workforce.models import ForcePolicy

pytestmark = pytest.mark.browser

SIGN_OFF = (
    "Visit planned and recorded well: unannounced, double crewed, devices inspected under the order. "
    "Agree the actions for the next visit; check the new employer details with the offender."
)
REASONS = (
    "Returned: the record does not say whether the registered devices were inspected or what was "
    "found. Add the device findings and resubmit."
)


def primary_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name=name).click()


def queue_rows(page: Page):
    return page.get_by_role("table", name=re.compile("awaiting review")).locator("tbody").get_by_role("row")


def review_item(page: Page, row) -> tuple[str, int]:
    """Open a queue row's review page; return the kind and id of its record."""
    row.get_by_role("link", name=re.compile(r"^Review")).click()
    match = re.search(r"/reviews/(\w+)/(\d+)/$", page.url)
    return match.group(1), int(match.group(2))


def record_of(kind: str, pk: int):
    from risk.selectors import REVIEWABLE

    return REVIEWABLE[kind].objects.get(pk=pk)


def test_a_supervisor_works_the_review_queue(sign_in, demo_supervisor, demo_om, tmp_path):
    today = timezone.localdate()
    # The supervisor's own visit, about an offender of their team: someone else must review it.
    offender = Offender.objects.filter(offender_manager=demo_om, status=OffenderStatus.COMMUNITY).first()
    own = visit_save(
        offender=offender,
        content=VisitContent(visited_on=today, outcome="seen", crew_size=2, co_attending_officer=demo_om),
        acting_user=demo_supervisor,
        today=today,
    )
    record_submit(record=own, acting_user=demo_supervisor, today=today)

    page = sign_in(demo_supervisor, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    primary_nav(page, "Review queue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.get_by_role("table", name="Awaiting review, by how long it has waited")).to_be_visible()
    screenshot(page, tmp_path, "review-queue")
    assert blocking_violations(page) == [], describe(blocking_violations(page))

    # A one-word review is refused and what was typed is kept.
    first = queue_rows(page).filter(has_not_text="Your own work").first
    kind, pk = review_item(page, first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review")
    choose(page, "Your decision", "Sign off")
    page.get_by_label("Your review").fill("ok")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("alert")).to_contain_text("initials or a word are not a review")
    expect(page.get_by_label("Your review")).to_have_value("ok")
    assert record_of(kind, pk).status == WorkflowStatus.SUBMITTED
    screenshot(page, tmp_path, "review-refused")
    assert blocking_violations(page) == [], describe(blocking_violations(page))

    # A written review signs it off.
    page.get_by_label("Your review").fill(SIGN_OFF)
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("alert")).to_contain_text("signed off")
    expect(page).to_have_url(re.compile(r"/reviews/$"))
    assert record_of(kind, pk).status == WorkflowStatus.SIGNED_OFF
    assert (
        SupervisorReview.objects.get(
            **{{"arms": "arms_assessment", "rmp": "risk_management_plan", "visit": "visit"}[kind]: pk}
        ).text
        == SIGN_OFF
    )

    # Another is returned to the offender manager with reasons.
    second_kind, second_pk = review_item(page, queue_rows(page).filter(has_not_text="Your own work").first)
    assert (second_kind, second_pk) != (kind, pk)
    choose(page, "Your decision", "Return to the offender manager to revise")
    page.get_by_label("Your review").fill(REASONS)
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("alert")).to_contain_text("returned to the author")
    returned = record_of(second_kind, second_pk)
    assert returned.status == WorkflowStatus.RETURNED
    assert returned.reviews.get().decision == ReviewDecision.RETURNED

    # Their own visit is there, but they are refused when they try to review it.
    page.get_by_label("Kind of work").select_option("visit")
    page.get_by_role("button", name="Apply filters").click()
    own_row = queue_rows(page).filter(has_text="Your own work")
    next_page = page.get_by_role("link", name=re.compile("^Next"))
    while own_row.count() == 0 and next_page.count():  # the own visit is the newest, late in its level
        with page.expect_navigation():
            next_page.click()
    expect(own_row).to_have_count(1)
    own_row.get_by_role("link", name=re.compile("^View")).click()
    expect(
        page.get_by_text("You cannot review your own work; another supervisor must review it.")
    ).to_be_visible()
    expect(page.get_by_label("Your review")).to_have_count(0)
    own.refresh_from_db()
    assert own.status == WorkflowStatus.SUBMITTED


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible()


def test_an_authorised_single_crewed_visit_is_logged_as_compliant(
    sign_in, demo_supervisor, demo_om, tmp_path
):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    offender = (
        Offender.objects.filter(offender_manager=demo_om, status=OffenderStatus.COMMUNITY)
        .order_by("last_name", "pk")
        .first()
    )
    page = sign_in(demo_supervisor, DEMO_PASSWORD)
    page.goto(page.url.rstrip("/") + f"/offenders/{offender.pk}/")
    page.get_by_role("link", name="Authorise a single-crewed or announced visit").click()
    page.get_by_label("A single-crewed visit").check()
    fill_date(page, "First day the visit may take place", yesterday)
    fill_date(page, "Last day the visit may take place", today + datetime.timedelta(days=7))
    page.get_by_label("Rationale").fill(
        "Second officer on a court warning this week; offender compliant at recent visits and low risk."
    )
    screenshot(page, tmp_path, "authorisation-form")
    assert blocking_violations(page) == [], describe(blocking_violations(page))
    page.get_by_role("button", name="Authorise").click()
    expect(page.get_by_role("alert")).to_contain_text("The offender manager can now choose it")
    expect(page.get_by_text("Second officer on a court warning this week")).to_be_visible()
    sign_out(page)

    page = sign_in(demo_om, DEMO_PASSWORD)
    page.goto(page.url.rstrip("/") + f"/offenders/{offender.pk}/")
    page.get_by_role("button", name="Log a home visit").click()
    fill_date(page, "Date of visit", today)
    choose(page, "Who attended", "Single-crewed (needs a supervisor's authorisation)")
    choose(page, "Was the visit announced?", "Unannounced")
    page.get_by_label("Supervisor's authorisation", exact=True).select_option(index=1)
    choose(page, "Outcome", "Seen")
    page.get_by_role("button", name="Submit for supervisor review").click()
    expect(page.get_by_role("alert")).to_contain_text("Visit submitted for supervisor review.")
    expect(page.get_by_role("region", name="Important")).to_have_count(0)  # no non-compliance warning
    visit = Visit.objects.filter(offender=offender, author=demo_om).latest("created_at")
    assert (visit.crew_size, visit.is_exception, visit.is_compliant) == (1, True, True)
    page.goto(page.url.rstrip("/").rsplit("/offenders/", 1)[0] + f"/visits/{visit.pk}/")
    expect(page.get_by_text("Authorised exception", exact=True)).to_be_visible()


def test_a_supervisor_reassigns_offenders_after_seeing_the_50_20_preview(
    sign_in, demo_supervisor, demo_om, tmp_path
):
    page = sign_in(demo_supervisor, DEMO_PASSWORD)
    primary_nav(page, "Team")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("Teams|MOSOVO team"))
    if heading.inner_text() == "Teams":  # they supervise officers in more than one team
        page.get_by_role("link", name=demo_om.team.name).click()
    expect(page.get_by_role("table", name="Caseloads")).to_be_visible()
    screenshot(page, tmp_path, "team")
    assert blocking_violations(page) == [], describe(blocking_violations(page))

    page.get_by_role("link", name=str(demo_om), exact=True).click()
    # Two community RSOs (50/20 counts them whatever the force's setting) who are not high risk,
    # to an OM with room for them: the demo is seeded as of today, so which OMs have room
    # depends on the day; the page must then say so.
    moving = list(
        Offender.objects.filter(
            offender_manager=demo_om, status=OffenderStatus.COMMUNITY, offender_type=OffenderType.RSO
        )
        .exclude(risk_level__in=HIGH_RISK_LEVELS)
        .order_by("last_name", "first_name", "pk")[:2]
    )
    for offender in moving:
        page.get_by_label(f"Choose {offender.first_name} {offender.last_name}").check()
    page.get_by_role("button", name="Reassign the chosen offenders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign 2 offenders")

    target = page.get_by_label("Move to")
    values = target.locator("option").evaluate_all("options => options.map(option => option.value)")
    offered = [int(value) for value in values if value]
    policy = ForcePolicy.rules_for(demo_om.force_id)
    counts = caseload_counts(offered, policy=policy)
    with_room = [
        pk
        for pk in offered
        if fifty_twenty(
            community=counts.get(pk, {}).get("fifty_twenty", 0) + len(moving),
            high_risk=counts.get(pk, {}).get("high_risk", 0),
            policy=policy,
        ).within
    ]
    assert with_room, "the demo team has no OM with room for two more offenders"
    target.select_option(str(with_room[0]))
    target_name = target.locator("option:checked").inner_text().strip()
    page.get_by_label("Reason for the move").fill("Balancing the team while the offender manager is over 50.")
    page.get_by_role("button", name="Continue").click()

    preview = page.get_by_role("table", name="Caseloads before and after the move")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the reassignment")
    from_row = preview.get_by_role("row").filter(has=page.get_by_role("rowheader", name=str(demo_om)))
    to_row = preview.get_by_role("row").filter(has=page.get_by_role("rowheader", name=target_name))
    before = int(from_row.get_by_role("cell").nth(0).inner_text())
    expect(from_row.get_by_role("cell").nth(1)).to_have_text(str(before - 2))
    expect(to_row).to_contain_text("Within 50/20")  # after, or now and after
    screenshot(page, tmp_path, "reassign-preview")
    assert blocking_violations(page) == [], describe(blocking_violations(page))
    assert all(Offender.objects.get(pk=o.pk).offender_manager == demo_om for o in moving)  # not yet

    page.get_by_role("button", name="Confirm reassignment").click()
    expect(page.get_by_role("alert")).to_contain_text(f"2 offenders moved to {target_name}")
    for offender in moving:
        latest = OffenderAssignment.objects.filter(offender=offender).latest("created_at")
        assert str(latest.offender_manager) == target_name and latest.assigned_by == demo_supervisor
        assert latest.reason == "Balancing the team while the offender manager is over 50."


def test_a_supervisor_makes_only_the_rebalance_moves_left_ticked(sign_in, demo_supervisor, demo_om, tmp_path):
    """Issue 15, item 16: untick a suggested move, see the preview without it, apply the rest."""
    page = sign_in(demo_supervisor, DEMO_PASSWORD)
    page.goto(page.url.rstrip("/") + f"/teams/{demo_om.team_id}/rebalance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested rebalance")
    boxes = page.get_by_role("table", name="Suggested moves").get_by_role("checkbox")
    total = boxes.count()
    assert total >= 2, "the demo team should need at least two moves"
    assert all(boxes.nth(n).is_checked() for n in range(total))
    unticked = boxes.nth(0)
    label = unticked.get_attribute("id")
    token = parse_move(unticked.get_attribute("value"))
    unticked.uncheck()
    page.get_by_role("button", name="Update the preview").click()

    left = f"{total - 1} ticked move{'s' if total != 2 else ''}"
    expect(page.get_by_role("table", name=f"Caseloads now and after the {left}")).to_be_visible()
    expect(page.locator(f"#{label}")).not_to_be_checked()
    ticked = [parse_move(boxes.nth(n).get_attribute("value")) for n in range(1, total)]
    assert all(boxes.nth(n).is_checked() for n in range(1, total))
    screenshot(page, tmp_path, "rebalance-preview")
    assert blocking_violations(page) == [], describe(blocking_violations(page))
    assert all(holder(move) == move[1] for move in [token, *ticked])  # nothing moved yet

    page.get_by_role("button", name="Make the ticked moves").click()
    made = f"{total - 1} offender{'s' if total != 2 else ''} reassigned"
    expect(page.get_by_role("alert")).to_contain_text(f"{made} to rebalance the team")
    assert holder(token) == token[1]
    assert all(holder(move) == move[2] for move in ticked)


def parse_move(token: str) -> tuple[int, int, int]:
    offender_id, from_id, to_id = (int(part) for part in token.split(":"))
    return offender_id, from_id, to_id


def holder(move: tuple[int, int, int]) -> int:
    """Who holds the offender of a rebalance move (offender, from officer, to officer) now."""
    return Offender.objects.get(pk=move[0]).offender_manager_id
