"""The post-licence deadline [docs/rules.md § Lead agency]. Who leads
is decided by the life course (`rules.life_course.LifeState.lead_agency`)."""

from datetime import date

from rules import national
from rules.dates import add_days


def post_licence_deadline(*, police_lead_since: date) -> date:
    """Last day for the police to complete a new ARMS and RMP after the lead passes from
    probation to police: "15 days" [docs/rules.md § Lead agency; national.POST_LICENCE_DEADLINE_DAYS].

    Counted like every other "within" in the domain: the day the police became lead is
    day 0, so the work is due on or before `police_lead_since` + 15 days (lead from 1 March
    → due by 16 March; overdue from 17 March).
    """
    return add_days(police_lead_since, national.POST_LICENCE_DEADLINE_DAYS)
