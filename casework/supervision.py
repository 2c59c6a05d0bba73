"""What a supervisor must act on: reactive cases' annual work, and the notices on their home
page and in their daily digest [docs/rules.md § Supervisor review; docs/rules.md § Reactive management]."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from casework.failed_to_notify import failures, failures_in
from offenders.selectors import SYSTEM_CHANGE_NOTICE_DAYS, offenders_visible_to, system_changes
from outstanding.kinds import REACTIVE_KINDS
from outstanding.models import OutstandingItem
from outstanding.positions import officer_positions
from risk.selectors import REVIEWABLE, awaiting_review
from rules.choices import WorkflowStatus
from rules.policy import Policy
from rules.review import earliest_submission_in_band
from visits.models import Visit
from workforce.models import Abstraction, Role, Staff
from workforce.selectors import supervised_staff, teams_visible_to

# Reactive cases' annual checks and RMP review show in the queue this long before they are due.
REACTIVE_DUE_WITHIN_DAYS = 30
# Unauthorised visits are reported for this long after they happened.
UNAUTHORISED_VISIT_DAYS = 31
NOTICE_LIST_LIMIT = 10


def reactive_work_due(supervisor: Staff, *, today: datetime.date) -> QuerySet[OutstandingItem]:
    """Annual checks and RMP reviews of reactive cases held by staff the supervisor oversees,
    overdue or due within REACTIVE_DUE_WITHIN_DAYS, soonest first."""
    return (
        OutstandingItem.objects.filter(
            kind__in=REACTIVE_KINDS,
            offender_manager__in=supervised_staff(supervisor, day=today),
            due_on__lte=today + datetime.timedelta(days=REACTIVE_DUE_WITHIN_DAYS),
        )
        .select_related("offender", "offender_manager")
        .order_by("due_on", "kind", "offender_id")
    )


def unauthorised_visits(supervisor: Staff, *, today: datetime.date) -> QuerySet[Visit]:
    """Single-crewed or announced visits with no authorisation in the last month, by staff the
    supervisor oversees [docs/rules.md § Visits]; a revised visit once, as its latest version."""
    return (
        Visit.objects.non_compliant()
        .latest_versions()
        .exclude(status=WorkflowStatus.DRAFT)
        .filter(
            author__in=supervised_staff(supervisor, day=today),
            visited_on__gte=today - datetime.timedelta(days=UNAUTHORISED_VISIT_DAYS),
        )
        .select_related("offender", "author")
        .order_by("-visited_on", "-pk")
    )


@dataclass
class Notices:
    """A supervisor's notices; `items` is empty when there is nothing to act on."""

    reviews_nearing: list = field(default_factory=list)  # (kind, record) due within the warning days
    reviews_nearing_count: int = 0
    reviews_overdue_count: int = 0
    unauthorised_visits: list = field(default_factory=list)
    unauthorised_visits_count: int = 0
    abstractions_to_review: int = 0
    officers_outside_fifty_twenty: int = 0
    officers_needing_cover: int = 0
    warning_days: int = 7
    # Changes the system made by itself (transitions by date, returns to active management).
    system_changes: list = field(default_factory=list)
    system_changes_count: int = 0
    # Registered offenders past the last day of a notification (casework.failed_to_notify).
    failed_to_notify: list = field(default_factory=list)
    failed_to_notify_count: int = 0

    @property
    def anything(self) -> bool:
        return any(
            (
                self.reviews_nearing_count,
                self.reviews_overdue_count,
                self.unauthorised_visits_count,
                self.abstractions_to_review,
                self.officers_outside_fifty_twenty,
                self.officers_needing_cover,
                self.system_changes_count,
                self.failed_to_notify_count,
            )
        )


def supervisor_notices(
    supervisor: Staff, *, today: datetime.date, policy: Policy, changes_since: datetime.datetime | None = None
) -> Notices:
    """Reviews nearing the one-month mark (and overdue), unauthorised visits, abstractions
    awaiting the monthly review, the team's 50/20 and cover position, and the changes the
    system made by itself to the cases of the staff the supervisor oversees since
    `changes_since` (default: the last SYSTEM_CHANGE_NOTICE_DAYS days)."""
    # Overdue on a day = submitted before earliest_submission_in_band(that day, 1 month): the
    # same test as rules.review.review_overdue. Nearing: not overdue today, but overdue
    # the day after the warning days (the deadline falls within them).
    after_warning = today + datetime.timedelta(days=policy.review_warning_days + 1)
    not_overdue_from = earliest_submission_in_band(today=today, months=1)
    nearing_before = earliest_submission_in_band(today=after_warning, months=1)
    notices = Notices(warning_days=policy.review_warning_days)
    nearing = []
    for kind, model in REVIEWABLE.items():
        awaiting = awaiting_review(model, supervisor, today=today)
        awaiting = awaiting.exclude(author=supervisor)
        window = awaiting.filter(submitted_on__gte=not_overdue_from, submitted_on__lt=nearing_before)
        notices.reviews_nearing_count += window.count()
        nearing += [
            (kind, record)
            for record in window.select_related("offender").order_by("submitted_on")[:NOTICE_LIST_LIMIT]
        ]
        notices.reviews_overdue_count += awaiting.filter(submitted_on__lt=not_overdue_from).count()
    notices.reviews_nearing = sorted(nearing, key=lambda pair: pair[1].submitted_on)[:NOTICE_LIST_LIMIT]
    visits = unauthorised_visits(supervisor, today=today)
    notices.unauthorised_visits_count = visits.count()
    notices.unauthorised_visits = list(visits[:NOTICE_LIST_LIMIT])
    notices.abstractions_to_review = (
        Abstraction.objects.filter(
            staff__in=supervised_staff(supervisor, day=today), reviewed_on__isnull=True
        )
        .exclude(staff=supervisor)
        .filter(starts_on__lt=today.replace(day=1))
        .count()
    )
    officers = Staff.objects.filter(
        team__in=teams_visible_to(supervisor, day=today), role=Role.OFFENDER_MANAGER, is_active=True
    ).values_list("pk", flat=True)
    positions = officer_positions(list(officers), today=today, policy=policy).values()
    notices.officers_outside_fifty_twenty = sum(position.outside_fifty_twenty for position in positions)
    notices.officers_needing_cover = sum(position.needs_cover for position in positions)
    overseen = offenders_visible_to(supervisor, today=today).filter(
        offender_manager__in=supervised_staff(supervisor, day=today)
    )
    notices.system_changes_count, notices.system_changes = system_changes(
        overseen, since=changes_since or notice_window_start(today)
    )
    failing = failures_in(overseen, today=today)
    notices.failed_to_notify_count = failing.count()
    notices.failed_to_notify = failures(failing[:NOTICE_LIST_LIMIT], today=today)
    return notices


def notice_window_start(today: datetime.date) -> datetime.datetime:
    """The start of the window of system changes shown on the home pages."""
    start = today - datetime.timedelta(days=SYSTEM_CHANGE_NOTICE_DAYS)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
