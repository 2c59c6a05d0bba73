"""Reads for supervisors: the review queue and what a reviewer needs to see beside a record.

The queue holds every ARMS, RMP and visit submitted by the staff a supervisor oversees
(their own and, while a colleague is away, that colleague's: cover), and work that other
supervisors wrote about offenders the supervisor can see (nobody reviews their own work).
It is read from the records themselves, so an item leaves the queue the moment it is
reviewed; counting and ordering happen in SQL [docs/rules.md § Supervisor review].
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.urls import reverse

from offenders.models import CaseRecord, Offender, Order
from offenders.selectors import offenders_visible_to, orders_with_conditions, risk_rank
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview, review_field, reviews_about
from rules.choices import (
    COMPLETED_STATUSES,
    WorkflowStatus,
)
from rules.dates import days_overdue
from rules.due import ReviewableKind
from rules.review import AgeBand, age_band, age_band_starts, review_deadline
from visits.models import Visit
from workforce.models import Role, Staff
from workforce.selectors import supervised_staff

REVIEWABLE = {
    ReviewableKind.ARMS: ArmsAssessment,
    ReviewableKind.RMP: RiskManagementPlan,
    ReviewableKind.VISIT: Visit,
}
KIND_OF_MODEL = {model: kind for kind, model in REVIEWABLE.items()}
# The date of the work itself (not of its submission).
RECORD_DATE = {
    ReviewableKind.ARMS: "assessed_on",
    ReviewableKind.RMP: "written_on",
    ReviewableKind.VISIT: "visited_on",
}
DETAIL_URL = {
    ReviewableKind.ARMS: "arms-detail",
    ReviewableKind.RMP: "rmp-detail",
    ReviewableKind.VISIT: "visit-detail",
}
EARLIER_REVIEWS_COMPARED = 20
CONTEXT_VISITS = 5


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""  # a ReviewableKind value
    band: str = ""  # an AgeBand value
    cover: str = ""  # "mine" or "cover"


@dataclass(frozen=True)
class QueueEntry:
    kind: ReviewableKind
    record_id: int
    offender: Offender
    author: Staff
    record_on: datetime.date
    submitted_on: datetime.date
    deadline: datetime.date
    days_overdue: int
    band: AgeBand
    is_own: bool
    is_cover: bool

    @property
    def review_url(self) -> str:
        return reverse("review-record", args=[self.kind, self.record_id])

    @property
    def record_url(self) -> str:
        return reverse(DETAIL_URL[self.kind], args=[self.record_id])

    @property
    def kind_label(self) -> str:
        return ReviewableKind(self.kind).label


def awaiting_review_scope(supervisor: Staff, *, today: datetime.date) -> Q:
    """Records (ARMS, RMP, visit) whose review falls to `supervisor`: written by staff they
    oversee or cover for, or by a supervisor about an offender they can see."""
    if supervisor.role != Role.SUPERVISOR:
        return Q(pk__in=[])
    supervised = supervised_staff(supervisor, day=today)
    peers = Q(author__role=Role.SUPERVISOR, offender__in=offenders_visible_to(supervisor, today=today))
    return Q(author__in=supervised) | peers


def awaiting_review(model, supervisor: Staff, *, today: datetime.date) -> QuerySet:
    """The submitted records of `model` whose review falls to `supervisor`
    (`awaiting_review_scope`), as a union of its two ways, each using its own index, not an OR
    of both, which made PostgreSQL test every submitted record against both subqueries (the
    queue's page took 1.8 s at 100,000 nominals, issue 16)."""
    if supervisor.role != Role.SUPERVISOR:
        return model.objects.none()
    submitted = model.objects.filter(status=WorkflowStatus.SUBMITTED)
    theirs = submitted.filter(author__in=supervised_staff(supervisor, day=today)).values("pk")
    peers = submitted.filter(
        author__role=Role.SUPERVISOR, offender__in=offenders_visible_to(supervisor, today=today)
    ).values("pk")
    return submitted.filter(pk__in=theirs.union(peers, all=True))


OVERDUE = "overdue"  # a filter beside the bands: every band but the first


def _band_filter(band: str, starts: dict[AgeBand, datetime.date]) -> Q:
    """Submission dates in `band` (see rules.review.age_band_starts), or OVERDUE."""
    if band == OVERDUE:
        return Q(submitted_on__lt=starts[AgeBand.UNDER_1_MONTH])
    if band == AgeBand.UNDER_1_MONTH:
        return Q(submitted_on__gte=starts[AgeBand.UNDER_1_MONTH])
    if band == AgeBand.MONTHS_1_TO_3:
        return Q(
            submitted_on__lt=starts[AgeBand.UNDER_1_MONTH], submitted_on__gte=starts[AgeBand.MONTHS_1_TO_3]
        )
    if band == AgeBand.MONTHS_3_TO_12:
        return Q(
            submitted_on__lt=starts[AgeBand.MONTHS_1_TO_3], submitted_on__gte=starts[AgeBand.MONTHS_3_TO_12]
        )
    return Q(submitted_on__lt=starts[AgeBand.MONTHS_3_TO_12])


def _is_cover(supervisor: Staff):
    return Case(
        When(author__supervisor=supervisor, then=Value(False)),
        When(author__role=Role.SUPERVISOR, then=Value(False)),
        default=Value(True),
        output_field=BooleanField(),
    )


def review_queue(supervisor: Staff, *, today: datetime.date, filters: QueueFilters = QueueFilters()):
    """Everything awaiting `supervisor`'s review, most urgent risk first and oldest first within
    each level, as one SQL query (a UNION of the three kinds) ready to paginate. Rows are
    dicts; `queue_entries` turns a page of them into `QueueEntry`s."""
    starts = age_band_starts(today)
    parts = []
    for kind, model in REVIEWABLE.items():
        if filters.kind and filters.kind != kind:
            continue
        rows = awaiting_review(model, supervisor, today=today).annotate(
            kind=Value(str(kind), output_field=CharField()),
            record_on=F(RECORD_DATE[kind]),
            risk_rank=risk_rank("offender__"),
            is_cover=_is_cover(supervisor),
        )
        if filters.band:
            rows = rows.filter(_band_filter(filters.band, starts))
        if filters.cover == "mine":
            rows = rows.filter(is_cover=False)
        elif filters.cover == "cover":
            rows = rows.filter(is_cover=True)
        parts.append(
            rows.values_list(
                "risk_rank", "submitted_on", "kind", "pk", "offender_id", "author_id", "record_on", "is_cover"
            )
        )
    if not parts:
        return ArmsAssessment.objects.none().values_list("pk")
    queue = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return queue.order_by("risk_rank", "submitted_on", "kind", "pk")


def queue_entries(rows, supervisor: Staff, *, today: datetime.date) -> list[QueueEntry]:
    """A page of `review_queue` rows with their offenders and authors (two queries)."""
    rows = list(rows)
    offenders = Offender.objects.in_bulk({row[4] for row in rows})
    authors = Staff.objects.in_bulk({row[5] for row in rows})
    entries = []
    for _, submitted_on, kind, pk, offender_id, author_id, record_on, is_cover in rows:
        deadline = review_deadline(submitted_on)
        entries.append(
            QueueEntry(
                kind=ReviewableKind(kind),
                record_id=pk,
                offender=offenders[offender_id],
                author=authors[author_id],
                record_on=record_on,
                submitted_on=submitted_on,
                deadline=deadline,
                days_overdue=days_overdue(deadline, today),
                band=age_band(submitted_on=submitted_on, today=today),
                is_own=author_id == supervisor.pk,
                is_cover=is_cover,
            )
        )
    return entries


def queue_counts(supervisor: Staff, *, today: datetime.date) -> dict[str, dict[str, int]]:
    """Items awaiting review by kind and age band: {kind: {band: n, "total": n}} plus a
    "total" row (one query per kind)."""
    starts = age_band_starts(today)
    counts: dict[str, dict[str, int]] = {}
    for kind, model in REVIEWABLE.items():
        aggregates = {band.value: Count("pk", filter=_band_filter(band, starts)) for band in AgeBand}
        counts[kind] = awaiting_review(model, supervisor, today=today).aggregate(
            total=Count("pk"), **aggregates
        )
    counts["total"] = {key: sum(row[key] for row in counts.values()) for key in ("total", *AgeBand.values)}
    return counts


def reviewable_record(kind: str, pk: int, supervisor: Staff, *, today: datetime.date) -> CaseRecord | None:
    """The record if its review falls to `supervisor` (whatever its status, so a reviewed
    record still opens), else None."""
    try:
        model = REVIEWABLE[ReviewableKind(kind)]
    except ValueError:
        return None
    return (
        model.objects.filter(awaiting_review_scope(supervisor, today=today))
        .select_related("offender__team", "offender__offender_manager", "author", "supersedes")
        .filter(pk=pk)
        .first()
    )


def record_to_review(kind: str, pk: int, user: Staff, *, today: datetime.date) -> CaseRecord | None:
    """The record `user` asks to review: one whose review falls to them, or else one they may
    read (the review service then says why it is not theirs to review); None if neither."""
    found = reviewable_record(kind, pk, user, today=today)
    if found is not None:
        return found
    model = REVIEWABLE.get(kind)
    if model is None:
        return None
    return model.objects.filter(offender__in=offenders_visible_to(user, today=today), pk=pk).first()


@dataclass(frozen=True)
class ReviewContext:
    """What a reviewer reads beside the record [docs/rules.md § Supervisor review]."""

    previous_arms: list[ArmsAssessment]
    previous_plans: list[RiskManagementPlan]
    last_visits: list[Visit]
    orders: list[Order]
    reviews_of_record: list[SupervisorReview]
    earlier_version_reviews: list[SupervisorReview]


def review_context(record: CaseRecord) -> ReviewContext:
    offender_id = record.offender_id
    others = {KIND_OF_MODEL[type(record)]: record.pk}
    return ReviewContext(
        previous_arms=list(
            ArmsAssessment.objects.filter(offender_id=offender_id, status__in=COMPLETED_STATUSES)
            .exclude(pk=others.get(ReviewableKind.ARMS))
            .order_by("-assessed_on", "-version")[:2]
        ),
        previous_plans=list(
            RiskManagementPlan.objects.filter(offender_id=offender_id, status__in=COMPLETED_STATUSES)
            .exclude(pk=others.get(ReviewableKind.RMP))
            .order_by("-written_on", "-version")[:2]
        ),
        last_visits=list(
            Visit.objects.filter(offender_id=offender_id)
            .exclude(status=WorkflowStatus.DRAFT)
            .exclude(pk=others.get(ReviewableKind.VISIT))
            .select_related("author", "authorisation")
            .order_by("-visited_on")[:CONTEXT_VISITS]
        ),
        orders=orders_with_conditions(offender_id),
        reviews_of_record=list(record.reviews.select_related("reviewer").order_by("reviewed_on", "pk")),
        earlier_version_reviews=list(
            SupervisorReview.objects.filter(**{review_field(type(record)): record.supersedes_id})
            .select_related("reviewer")
            .order_by("reviewed_on", "pk")
        )
        if record.supersedes_id
        else [],
    )


def earlier_review_texts(offender_id: int) -> list[str]:
    """The latest reviews of any of the offender's records: a new review must not copy them."""
    return list(
        SupervisorReview.objects.filter(reviews_about(offender_id))
        .order_by("-reviewed_on", "-pk")
        .values_list("text", flat=True)[:EARLIER_REVIEWS_COMPARED]
    )
