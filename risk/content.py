"""What the author writes in an ARMS assessment and in a risk management plan, each as one
value [docs/rules.md § Risk assessments and plans].

A new field of either is added here, on the model, and on its form and API input (each
builds the value); the save service passes it through.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ArmsContent:
    """An ARMS assessment's own fields (not its offender, author, status or version): the
    outcome risk level, the OSP categories it draws on ("" if not assessed) and the notes."""

    assessed_on: datetime.date
    risk_level: str
    osp_c: str = ""
    osp_i: str = ""
    risk_factors: str = ""
    protective_factors: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PlanContent:
    """A risk management plan's own fields (not its offender, author, status or version): its
    sections, bespoke visit regime (`visit_every` with its unit, or neither) and next review."""

    written_on: datetime.date
    next_review_on: datetime.date
    visit_every: int | None = None
    visit_every_unit: str = ""
    supervision: str = ""
    monitoring_and_control: str = ""
    interventions_and_treatment: str = ""
    victim_safety_planning: str = ""
    contingency: str = ""


def next_review_problem(written_on: datetime.date, next_review_on: datetime.date) -> str:
    """What is wrong with a plan's next review date against the plan's own date ("" if nothing):
    checked by the form with its other fields, and by the save service."""
    if next_review_on <= written_on:
        return "The next review date must be after the date of the plan."
    return ""
