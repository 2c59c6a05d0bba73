"""Registration compliance through the real pages (issue 12): an offender manager records an
annual notification and a change of address, the verification visit falls due, and an offender
whose notification ran out yesterday is on today's failed-to-notify list; axe finds nothing
serious on the new pages."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from offenders.registration import NotificationContent, notification_record
from outstanding.services import outstanding_recompute_all
from rules.registration import periodic_notification_due
from tests import factories
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import blocking_violations, describe

pytestmark = pytest.mark.browser


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def periodic(offender, om, on: datetime.date) -> None:
    notification_record(
        offender=offender,
        content=NotificationContent(
            kind="periodic",
            notified_on=on,
            place="Testbridge Police Station",
            taken_by=om,
            home_address="1 Fictional Row, Testbridge",
        ),
        acting_user=om,
        today=timezone.localdate(),
    )


def no_blocking_violations(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"


def test_an_om_records_notifications_and_sees_who_failed_to_notify(sign_in, live_server, transactional_db):
    today = timezone.localdate()
    om = factories.StaffFactory(password=PASSWORD)
    prompt = factories.OffenderFactory(
        team=om.team, offender_manager=om, first_name="Percival", last_name="Promptly"
    )
    late = factories.OffenderFactory(
        team=om.team, offender_manager=om, first_name="Lancelot", last_name="Latterly"
    )
    # Promptly notified 300 days ago; Latterly's year ran out yesterday.
    periodic(prompt, om, today - datetime.timedelta(days=300))
    yesterday = today - datetime.timedelta(days=1)
    ran_out = next(
        today - datetime.timedelta(days=days)
        for days in range(360, 370)
        if periodic_notification_due(today - datetime.timedelta(days=days), has_sole_or_main_residence=True)
        == yesterday
    )
    periodic(late, om, ran_out)
    outstanding_recompute_all()

    page = sign_in(om)
    page.goto(f"{live_server.url}/offenders/{prompt.pk}/")
    page.get_by_role("link", name="Record a notification", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a notification")
    no_blocking_violations(page)
    page.get_by_label("Periodic (annual or weekly) notification", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Periodic (annual or weekly) notification")
    page.get_by_role("button", name="Record notification").click()  # empty: every error at once
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the notification")
    expect(summary).to_contain_text("Enter the police station")
    no_blocking_violations(page)
    fill_date(page, "Date of the notification", today)
    page.get_by_label("Police station").fill("Testbridge Police Station")
    page.get_by_label("Home address notified").fill("1 Fictional Row, Testbridge")
    page.get_by_role("button", name="Record notification").click()

    expect(page.get_by_role("alert")).to_contain_text(f"of {long_date(today)} recorded.")
    due = page.locator("#due").locator("xpath=..")
    periodic_row = due.get_by_role("row").filter(has_text="Periodic notification by the offender")
    next_year = periodic_notification_due(today, has_sole_or_main_residence=True)
    expect(periodic_row).to_contain_text(short_date(next_year))

    # A change of home address yesterday, notified today: a visit verifies it within 10 days.
    page.get_by_role("link", name="Record a notification", exact=True).first.click()
    page.get_by_label("Notification of a change", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    fill_date(page, "Date of the notification", today)
    page.get_by_label("Police station").fill("Testbridge Police Station")
    page.get_by_label("Home address", exact=True).check()
    fill_date(page, "Day of the change", today - datetime.timedelta(days=1))
    page.get_by_label("Home address notified").fill("2 Imaginary Close, Testbridge")
    page.get_by_role("button", name="Record notification").click()
    expect(page.get_by_role("alert")).to_contain_text("Notification of a change")
    verification = page.get_by_role("row").filter(has_text="Visit to verify a newly notified home address")
    expect(verification).to_contain_text(short_date(today + datetime.timedelta(days=10)))
    expect(page.locator("#notifications").locator("xpath=following-sibling::table[1]")).to_contain_text(
        "2 Imaginary Close, Testbridge"
    )

    # Latterly's periodic notification ran out yesterday: on today's list, Promptly not.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile(r"1 notification not made in time")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Failed to notify")
    listed = page.get_by_role("table")
    expect(listed).to_contain_text("LATTERLY, Lancelot")
    expect(listed).not_to_contain_text("PROMPTLY")
    expect(listed).to_contain_text("Overdue by 1 day")
    no_blocking_violations(page)
    page.get_by_role("link", name=re.compile("Record what was done")).click()
    page.get_by_label("Contact made: the offender notified late", exact=True).check()
    fill_date(page, "Date", today)
    no_blocking_violations(page)
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Recorded: contact made: the offender notified late.")
