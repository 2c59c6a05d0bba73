"""Lead agency and the 15-day post-licence deadline [004 Probation Service]."""

import itertools
from datetime import date

import pytest

from mosovo.rules.choices import LeadAgency
from mosovo.rules.lead_agency import lead_agency, post_licence_deadline


@pytest.mark.parametrize(
    ("in_custody", "on_licence", "under_community_order"),
    [flags for flags in itertools.product([False, True], repeat=3) if any(flags)],
)
def test_probation_leads_in_prison_on_licence_or_under_a_community_order(
    in_custody, on_licence, under_community_order
):
    lead = lead_agency(
        in_custody=in_custody, on_licence=on_licence, under_community_order=under_community_order
    )
    assert lead == LeadAgency.PROBATION


def test_police_lead_when_there_is_no_sentence_running():
    assert lead_agency(in_custody=False, on_licence=False, under_community_order=False) == LeadAgency.POLICE


def test_post_licence_deadline_is_15_days_after_police_became_lead():
    assert post_licence_deadline(police_lead_since=date(2025, 3, 1)) == date(2025, 3, 16)


def test_post_licence_deadline_crosses_month_and_year_ends():
    assert post_licence_deadline(police_lead_since=date(2025, 12, 20)) == date(2026, 1, 4)
    assert post_licence_deadline(police_lead_since=date(2024, 2, 20)) == date(2024, 3, 6)
