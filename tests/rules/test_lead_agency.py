"""The 15-day post-licence deadline [docs/rules.md § Lead agency]; who leads: test_life_course."""

from datetime import date

from rules.lead_agency import post_licence_deadline


def test_post_licence_deadline_is_15_days_after_police_became_lead():
    assert post_licence_deadline(police_lead_since=date(2025, 3, 1)) == date(2025, 3, 16)


def test_post_licence_deadline_crosses_month_and_year_ends():
    assert post_licence_deadline(police_lead_since=date(2025, 12, 20)) == date(2026, 1, 4)
    assert post_licence_deadline(police_lead_since=date(2024, 2, 20)) == date(2024, 3, 6)
