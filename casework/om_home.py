"""What an offender manager's home page shows them today (issue 15, item 8): records returned
to them for changes, their overdue work by kind and the work due in the next week (the counts
the caseload page shows, each linking to the filtered caseload), and their 50/20 position.

A fixed number of queries whatever the caseload: returned records one query per kind of
record (with their reasons prefetched), the counts one, the week's items one, 50/20 one,
the failures to notify one.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from casework.caseload import DUE_SOON_DAYS, CaseloadCount, caseload_counts
from casework.failed_to_notify import failures_in
from offenders.case_records import returned_to
from offenders.models import CaseRecord, Offender
from offenders.selectors import managed
from outstanding import positions
from outstanding.models import OutstandingItem
from rules.caseload import FiftyTwenty, fifty_twenty
from rules.policy import Policy
from workforce.models import Staff

# The week's work listed item by item; the count beside it links to every one.
DUE_SOON_LISTED = 10


@dataclass(frozen=True)
class OmToday:
    returned: list[CaseRecord]
    overdue: list[CaseloadCount]  # only the kinds with overdue work
    due_soon: CaseloadCount
    due_soon_items: list[OutstandingItem]  # the first DUE_SOON_LISTED, soonest first
    position: FiftyTwenty
    counts_all_types: bool  # 50/20 counts every managed type, not only RSOs (force policy)
    failed_to_notify: int  # notifications past their last day (casework.failed_to_notify)

    due_soon_days = DUE_SOON_DAYS

    @property
    def over_fifty_twenty(self) -> bool:
        return not self.position.within

    @property
    def shown_offenders(self) -> list[int]:
        """The offenders whose data the page shows (for the consultation audit)."""
        return [record.offender_id for record in self.returned] + [
            item.offender_id for item in self.due_soon_items
        ]


def om_today(om: Staff, own: QuerySet[Offender], *, today: datetime.date, policy: Policy) -> OmToday:
    """`own`: the offenders `om` manages and may read."""
    counts = caseload_counts(own, today=today)
    due_soon = next(count for count in counts if count.key == "due_soon")
    items = list(
        OutstandingItem.objects.filter(
            offender__in=managed(own),
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("offender")
        .order_by("due_on", "kind", "offender__last_name", "pk")[:DUE_SOON_LISTED]
    )
    held = positions.caseload_counts([om.pk], policy=policy).get(om.pk, positions.NO_CASELOAD)
    return OmToday(
        returned=returned_to(om),
        overdue=[count for count in counts if count.key != "due_soon" and count.offenders],
        due_soon=due_soon,
        due_soon_items=items,
        position=fifty_twenty(community=held["fifty_twenty"], high_risk=held["high_risk"], policy=policy),
        counts_all_types=policy.fifty_twenty_counts_all_types,
        failed_to_notify=failures_in(own, today=today).count(),
    )
