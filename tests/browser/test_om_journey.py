"""The offender manager's day in the browser, on a seeded demo force: sign in, read the
caseload's counts, follow one to its list, and log visits, an ARMS assessment and an RMP
through the real forms, checking the due panel and the counts change as they should."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from offenders.models import Offender
from outstanding.models import OutstandingItem
from rules.dates import add_years
from rules.due import DueKind
from visits.models import Visit

pytestmark = pytest.mark.browser

MIN_SCREENSHOT_BYTES = 20_000  # a blank 1280×720 page is a few kilobytes; these pages are far more
OVERDUE_VISITS = re.compile(r"^(\d+) offenders? with overdue visits$")


def short_date(day: datetime.date) -> str:
    """A date as the templates' "j M Y" shows it: 5 Mar 2026."""
    return f"{day.day} {day:%b %Y}"


def screenshot(page: Page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    assert path.exists()
    assert path.stat().st_size > MIN_SCREENSHOT_BYTES, f"{name}.png is only {path.stat().st_size} bytes"


def open_caseload(page: Page) -> None:
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")


def overdue_visits_link(page: Page):
    return page.get_by_role("list", name="Work summary").get_by_role("link", name=OVERDUE_VISITS)


def overdue_visits_count(page: Page) -> int:
    text = overdue_visits_link(page).inner_text().strip()
    match = OVERDUE_VISITS.match(re.sub(r"\s+", " ", text))
    assert match, f"unexpected count link text {text!r}"
    return int(match.group(1))


def offenders_phrase(count: int) -> str:
    return f"{count} offender{'' if count == 1 else 's'}"


def due_row(page: Page, kind: str):
    """The due panel's row for one kind of work ("Home visit", "ARMS assessment", "RMP review")."""
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=kind, exact=True))


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend).get_by_label(option, exact=True).check()


def test_overdue_visit_count_lists_those_offenders_and_a_compliant_visit_clears_one(om_page, tmp_path):
    page = om_page
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    open_caseload(page)
    screenshot(page, tmp_path, "caseload")
    overdue = overdue_visits_count(page)
    assert overdue >= 1, "the seeded om.0001 should have an overdue visit"

    overdue_visits_link(page).click()
    expect(page).to_have_url(re.compile(r"/caseload/\?overdue=visit$"))
    table = page.get_by_role("table")
    expect(table).to_have_accessible_name(f"{offenders_phrase(overdue)} matching the filters")
    assert overdue <= 25, "one page of results"
    expect(table.locator("tbody").get_by_role("row")).to_have_count(overdue)
    expect(page.get_by_label("Overdue work")).to_have_value("visit")
    screenshot(page, tmp_path, "caseload-overdue-visits")

    table.locator("tbody").get_by_role("row").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()
    expect(due_row(page, "Home visit")).to_contain_text("Overdue by")
    reviews_due = due_row(page, "Supervisor review of a visit").count()
    screenshot(page, tmp_path, "offender-record")

    page.get_by_role("button", name="Log a home visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a home visit")
    fill_date(page, "Date of visit", yesterday)
    choose(page, "Who attended", "Two officers")
    page.get_by_label("Co-attending officer").select_option(index=1)
    choose(page, "Was the visit announced?", "Unannounced")
    choose(page, "Outcome", "Seen")
    page.get_by_label("Observations").fill("Seen at home; no concerns.")
    screenshot(page, tmp_path, "visit-form")
    page.get_by_role("button", name="Submit for supervisor review").click()

    expect(page.get_by_role("alert")).to_contain_text("Visit submitted for supervisor review.")
    expect(page.get_by_role("region", name="Important")).to_have_count(0)  # no non-compliance warning
    visit_row = due_row(page, "Home visit")
    expect(visit_row).not_to_contain_text("Overdue")
    expect(visit_row).to_contain_text(f"(from {short_date(yesterday)})")  # counted from this visit
    expect(due_row(page, "Supervisor review of a visit")).to_have_count(reviews_due + 1)

    page.get_by_role("link", name="Back to my caseload").click()
    assert overdue_visits_count(page) == overdue - 1


def test_an_unauthorised_single_crewed_visit_is_recorded_as_non_compliant(om_page, demo_om, tmp_path):
    page = om_page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    open_caseload(page)
    page.get_by_role("table").locator("tbody").get_by_role("row").first.get_by_role("link").click()
    offender_pk = int(re.search(r"/offenders/(\d+)/$", page.url).group(1))
    page.get_by_role("button", name="Log a home visit").click()

    fill_date(page, "Date of visit", yesterday)
    choose(page, "Who attended", "Single-crewed (needs a supervisor's authorisation)")
    choose(page, "Was the visit announced?", "Unannounced")
    expect(page.get_by_label("Supervisor's authorisation", exact=True)).to_have_value("")
    choose(page, "Outcome", "Seen")
    page.get_by_role("button", name="Submit for supervisor review").click()

    # Issue 15, item 1: asked why it went ahead, with what was typed kept.
    reason = page.get_by_label("If no authorisation covers the visit, why did it go ahead?")
    expect(page.get_by_role("alert")).to_contain_text("why the visit went ahead without a supervisor")
    reason.fill(
        "The second officer was called to an emergency on the way; the offender was seen at the "
        "doorstep only and the visit was kept short."
    )
    page.get_by_role("button", name="Submit for supervisor review").click()

    expect(page).to_have_url(re.compile(rf"/offenders/{offender_pk}/$"))
    # One banner says what happened: not an "Important" one above a "Success" one.
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text(
        "Visit submitted for supervisor review. It is recorded as non-compliant: single-crewed without a "
        "supervisor's authorisation. Your supervisor is told, with your reason."
    )

    visit = Visit.objects.filter(offender_id=offender_pk, author=demo_om).latest("created_at")
    assert (visit.crew_size, visit.authorisation_id, visit.is_compliant) == (1, None, False)
    entry = (
        page.get_by_role("listitem")
        .filter(has_text="non-compliant, unauthorised")
        .filter(has=page.locator(f'a[href="/visits/{visit.pk}/"]'))
    )
    expect(entry).to_contain_text("1 officer, unannounced")
    entry.get_by_role("link", name="Visit: Seen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Visit on {yesterday.day} {yesterday:%B %Y}")
    expect(page.get_by_text("Non-compliant, unauthorised", exact=True)).to_be_visible()
    expect(page.get_by_text("(1 officer), unannounced")).to_be_visible()
    expect(page.get_by_text("the offender was seen at the doorstep only")).to_be_visible()
    screenshot(page, tmp_path, "visit-detail")


def test_arms_and_rmp_clear_the_overdue_review_and_set_the_next_one(om_page, demo_om, tmp_path):
    page = om_page
    today = timezone.localdate()
    next_review = today + datetime.timedelta(days=150)  # earlier than any RMP interval (6 months or more)
    overdue = OutstandingItem.objects.filter(offender_manager=demo_om, due_on__lt=today)
    offender = (
        Offender.objects.filter(
            pk__in=overdue.filter(kind=DueKind.ARMS).values("offender_id"),
        )
        .filter(pk__in=overdue.filter(kind=DueKind.RMP_REVIEW).values("offender_id"))
        .order_by("last_name", "first_name", "pk")
        .first()
    )
    assert offender is not None, "the seeded om.0001 should have an offender with overdue ARMS and RMP review"

    open_caseload(page)
    page.get_by_role("list", name="Work summary").get_by_role(
        "link", name=re.compile(r"with overdue ARMS assessments$")
    ).click()
    page.get_by_role("link", name=f"{offender.last_name.upper()}, {offender.first_name}", exact=True).click()
    expect(due_row(page, "ARMS assessment")).to_contain_text("Overdue by")
    expect(due_row(page, "RMP review")).to_contain_text("Overdue by")

    page.get_by_role("button", name="Record an ARMS assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an ARMS assessment")
    fill_date(page, "Date of assessment", today)
    choose(page, "Outcome risk level", offender.get_risk_level_display() if offender.risk_level else "Medium")
    page.get_by_label("Risk factors").fill("Access to children through a new partner.")
    page.get_by_label("Protective factors").fill("Stable work and accommodation.")
    screenshot(page, tmp_path, "arms-form")
    page.get_by_role("button", name="Submit for supervisor review").click()

    expect(page.get_by_role("alert")).to_contain_text("ARMS assessment submitted for supervisor review.")
    arms_row = due_row(page, "ARMS assessment")
    expect(arms_row).not_to_contain_text("Overdue")
    expect(arms_row).to_contain_text(f"(from {short_date(today)})")
    expect(due_row(page, "RMP review")).to_contain_text("Overdue by")  # not yet: the plan comes next

    page.get_by_role("button", name="Write an RMP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a risk management plan")
    fill_date(page, "Date the plan was written", today)
    page.get_by_label("Supervision").fill("Monthly home visits, unannounced.")
    page.get_by_label("Contingency").fill("Recall if contact with children is found.")
    fill_date(page, "Next review date", add_years(today, 3))
    page.get_by_role("button", name="Submit for supervisor review").click()

    # Issue 15, item 4: a plan goes to review whole, with a review date within the rule; every
    # problem is listed at once and what was typed is kept.
    summary = page.locator(".govuk-error-summary")
    for section in ("monitoring and control", "interventions and treatment", "victim safety planning"):
        expect(summary).to_contain_text(f"Write the {section} section")
    expect(summary).to_contain_text("choose a review date on or before")
    expect(page.get_by_label("Supervision")).to_have_value("Monthly home visits, unannounced.")
    page.get_by_label("Monitoring and control").fill("Device checks at every visit.")
    page.get_by_label("Interventions and treatment").fill("Referral to the community programme.")
    page.get_by_label("Victim safety planning").fill(
        "Not applicable: the offences were against adults online whom he never met; no victim is known."
    )
    fill_date(page, "Next review date", next_review)
    screenshot(page, tmp_path, "rmp-form")
    page.get_by_role("button", name="Submit for supervisor review").click()

    expect(page.get_by_role("alert")).to_contain_text("Risk management plan submitted for supervisor review.")
    rmp_row = due_row(page, "RMP review")
    expect(rmp_row).not_to_contain_text("Overdue")
    expect(rmp_row.get_by_role("cell").nth(1)).to_have_text(short_date(next_review))
    expect(rmp_row).to_contain_text("Review date set by the RMP")
    screenshot(page, tmp_path, "offender-record-after-arms-and-rmp")
