"""An offender manager records a release from custody through the real pages: the record's
status and lead agency change, and the first visit falls due from the release."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from offenders.life_events import EventDetails, life_event_record
from outstanding.services import outstanding_recompute_all
from rules.dates import add_months
from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def short_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_an_om_records_a_release_and_the_record_and_due_visit_follow(sign_in, live_server, transactional_db):
    today = timezone.localdate()
    om = factories.StaffFactory(password=PASSWORD)
    offender = factories.OffenderFactory(
        team=om.team, offender_manager=om, managed_since=today - datetime.timedelta(days=2000)
    )
    life_event_record(
        offender=offender,
        details=EventDetails(
            kind="sentenced",
            occurred_on=today - datetime.timedelta(days=300),
            disposal="custody",
            sentence_months=12,
        ),
        acting_user=om,
        today=today,
    )
    outstanding_recompute_all()
    page = sign_in(om)
    page.goto(f"{live_server.url}/offenders/{offender.pk}/")
    details = page.locator(".govuk-summary-list").first
    expect(details).to_contain_text("In custody since")
    visit_row = page.get_by_role("row").filter(has=page.get_by_role("cell", name="Home visit", exact=True))
    expect(visit_row).to_have_count(0)  # no home visits while in custody

    page.get_by_role("link", name="Record a life event", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")
    page.get_by_role("group", name="Custody, hospital and release").get_by_label(
        "Released from custody", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Released from custody")
    released_on = today - datetime.timedelta(days=2)
    licence_ends = today + datetime.timedelta(days=180)
    for legend, day in (("Date it took effect", released_on), ("Last day of the licence", licence_ends)):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Record life event").click()

    expect(page).to_have_url(re.compile(rf"/offenders/{offender.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Released from custody recorded: in the community, probation leads"
    )
    expect(details).to_contain_text(f"In the community since {long_date(released_on)} (release from custody)")
    expect(details).to_contain_text("Probation Service since")
    first_visit = add_months(released_on, offender.force.policy.visit_interval_months_medium)
    expect(visit_row.get_by_role("cell").nth(1)).to_contain_text(short_date(first_visit))
    expect(visit_row).to_contain_text(f"from {short_date(released_on)}")
    life_course = page.get_by_role("table").filter(has=page.get_by_text("Life events, newest first"))
    expect(life_course.get_by_role("row").nth(1)).to_contain_text(
        f"Released from custody, licence to {long_date(licence_ends)}"
    )
