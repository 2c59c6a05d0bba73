"""Lead agency and the post-licence deadline [004 Background; Probation Service]
(shared/domain.md § Who is managed)."""

from datetime import date

from mosovo.rules import national
from mosovo.rules.choices import LeadAgency
from mosovo.rules.dates import add_days


def lead_agency(*, in_custody: bool, on_licence: bool, under_community_order: bool) -> LeadAgency:
    """Probation leads while the offender is in prison, on licence or under a community
    order; the police lead in every other case — before sentence and after the sentence
    ends [004 Background; Probation Service]."""
    if in_custody or on_licence or under_community_order:
        return LeadAgency.PROBATION
    return LeadAgency.POLICE


def post_licence_deadline(*, police_lead_since: date) -> date:
    """Last day for the police to complete a new ARMS and RMP after the lead passes from
    probation to police: "15 days" [004 Probation Service; national.POST_LICENCE_DEADLINE_DAYS].

    Counted like every other "within" in the domain: the day the police became lead is
    day 0, so the work is due on or before `police_lead_since` + 15 days (lead from 1 March
    → due by 16 March; overdue from 17 March).
    """
    return add_days(police_lead_since, national.POST_LICENCE_DEADLINE_DAYS)
