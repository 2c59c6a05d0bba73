"""What a risk management plan must hold before it goes to a supervisor
[docs/rules.md § Risk assessments and plans].

A draft may be saved half-written; a plan submitted for review has every section written, or
says in words why a section does not apply ("Not applicable: …" and the reason), and a review
date no later than the longest review interval any plan may have. A review date later than the
force's interval for the offender's risk level is allowed within that limit, but counts only
once a supervisor authorises it (docs/rules.md § What falls due).
"""

import re
from collections.abc import Mapping
from datetime import date

from rules import national
from rules.dates import add_months
from rules.policy import Policy
from rules.review import distinct_words, is_placeholder, normalised, written_reason_problem

# The plan's sections, by field, with the name the page gives each.
PLAN_SECTIONS: Mapping[str, str] = {
    "supervision": "Supervision",
    "monitoring_and_control": "Monitoring and control",
    "interventions_and_treatment": "Interventions and treatment",
    "victim_safety_planning": "Victim safety planning",
    "contingency": "Contingency",
}

# "Not applicable" (or "N/A"), then the reason, at the start of a section.
_NOT_APPLICABLE = re.compile(r"^(not applicable|n/?a)\b[\s:.,;()\-–—]*", re.IGNORECASE)
# A reason a section does not apply is a sentence, not a word.
NOT_APPLICABLE_REASON_MIN_CHARACTERS = 30
# Fewer different words than this is not a section of a plan.
MIN_SECTION_WORDS = 3


def section_problem(label: str, text: str) -> str | None:
    """Why a section of a plan being submitted is not written, or None if it is: blank,
    placeholder text, a word or two, or "Not applicable" without a written reason."""
    cleaned = normalised(text)
    name = label.lower()
    if not cleaned:
        return f'Write the {name} section, or "Not applicable:" followed by why it does not apply.'
    match = _NOT_APPLICABLE.match(cleaned)
    if match:
        return written_reason_problem(
            cleaned[match.end() :],
            min_characters=NOT_APPLICABLE_REASON_MIN_CHARACTERS,
            what="reason",
            asking=f'after "Not applicable:", why the {name} section does not apply to this offender',
        )
    if is_placeholder(cleaned):
        return (
            f'Write the {name} section in your own words; placeholder text such as "Lorem ipsum" '
            "is not a plan."
        )
    if distinct_words(cleaned) < MIN_SECTION_WORDS:
        return f'Write the {name} section in full, or "Not applicable:" followed by why it does not apply.'
    return None


def sections_problems(sections: Mapping[str, str]) -> dict[str, str]:
    """Each section of a plan being submitted that is not written, by field, with its problem."""
    problems = {
        field: section_problem(label, sections.get(field, "")) for field, label in PLAN_SECTIONS.items()
    }
    return {field: problem for field, problem in problems.items() if problem}


def longest_review_months(policy: Policy) -> int:
    """The longest any plan may run before its review, even with a supervisor's authorisation of
    a later date: the longest review interval there is (the force's, or the national annual
    review under reactive management)."""
    return max(
        policy.rmp_review_interval_months_high,
        policy.rmp_review_interval_months_low,
        national.REACTIVE_RMP_REVIEW_MONTHS,
    )


def latest_review_on(written_on: date, policy: Policy) -> date:
    """The latest review date a plan written on `written_on` may set."""
    return add_months(written_on, longest_review_months(policy))
