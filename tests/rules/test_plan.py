"""What a risk management plan must hold before it is submitted (rules/plan.py)."""

import datetime

import pytest

from rules.plan import (
    PLAN_SECTIONS,
    latest_review_on,
    longest_review_months,
    section_problem,
    sections_problems,
)
from rules.policy import DEFAULT_POLICY, Policy

WRITTEN = {
    field: f"The {label.lower()} for this offender, agreed with probation."
    for field, label in PLAN_SECTIONS.items()
}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Lorem ipsum dolor sit amet",
        "TBC",
        "Not applicable",
        "n/a",
        "N/A - none",
        "Not applicable: see above",
        "Not applicable: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod",
    ],
)
def test_an_unwritten_section_is_refused(text):
    assert section_problem("Contingency", text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Recall through the duty inspector on any breach.",
        "Not applicable: the offences were online against adults he never met; no victim is known.",
        "N/A (completed the accredited programme in custody in 2024, nothing further is offered)",
    ],
)
def test_a_written_section_or_a_reasoned_not_applicable_is_accepted(text):
    assert section_problem("Contingency", text) is None


def test_the_problems_name_each_section_not_written():
    problems = sections_problems(WRITTEN | {"contingency": "", "supervision": "n/a"})
    assert set(problems) == {"contingency", "supervision"}
    assert "contingency section" in problems["contingency"]
    assert sections_problems(WRITTEN) == {}


def test_no_plan_runs_longer_than_the_longest_review_interval():
    assert longest_review_months(DEFAULT_POLICY) == 12
    assert latest_review_on(datetime.date(2026, 1, 31), DEFAULT_POLICY) == datetime.date(2027, 1, 31)
    # A force that reviews low-risk plans every 18 months allows 18.
    assert longest_review_months(Policy(rmp_review_interval_months_low=18)) == 18
    assert latest_review_on(datetime.date(2026, 8, 31), Policy(rmp_review_interval_months_low=18)) == (
        datetime.date(2028, 2, 29)
    )
