"""The records behind each dashboard number: offenders, outstanding items, staff, visits and
abstractions of a scope, filtered exactly as the number was counted. Only what the user may
see is listed (`offenders_visible_to`)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from dashboards.metrics import (
    NOT_ASSESSED,
    NOTIFICATION_DUE_SOON_DAYS,
    RISK_KEYS,
    WORK_GROUP_KINDS,
    Overdue,
    WorkGroup,
    managed_offenders,
    notification_bands,
    offender_measures,
    overdue_filters,
)
from dashboards.scopes import Scope
from dashboards.tables import Cell
from kit.text import mid_sentence
from offenders.selectors import offenders_visible_to
from outstanding.positions import officer_positions
from rules.choices import WorkflowStatus
from rules.dates import add_months, days_overdue
from rules.policy import Policy
from visits.models import LATEST_VERSION
from visits.selectors import CREWING_FILTERS
from workforce.models import Abstraction, Role
from workforce.selectors import vacancies_on


@dataclass
class Listing:
    title: str
    columns: list[str]
    records: object  # a queryset or a list
    row: Callable[[object], list[Cell]]
    subject: Callable[[object], int | None] = lambda record: None  # whose data a row shows
    # The same records before the user's visibility was applied: counted by the dashboard,
    # some (restricted nominals) not listed to this user.
    counted: object = None

    @property
    def hidden(self) -> int:
        return self.counted.count() - self.records.count() if self.counted is not None else 0


def _choice(params, name, allowed) -> str:
    value = params.get(name, "")
    if value and value not in allowed:
        raise Http404(f"Unknown {name}.")
    return value


def _month(params) -> tuple[datetime.date, datetime.date] | None:
    value = params.get("month", "")
    if not value:
        return None
    try:
        first = datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise Http404("Unknown month.") from None
    return first, add_months(first, 1)


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _offender_cell(offender) -> Cell:
    return Cell(
        f"{offender.last_name.upper()}, {offender.first_name}",
        url=reverse("offender-record", args=[offender.pk]),
    )


def offenders(scope, params, user, today, policy) -> Listing:
    measures = offender_measures()
    measure = _choice(params, "measure", measures) or "total"
    label, condition = measures[measure]
    counted = managed_offenders(scope.offenders(), today=today, force_id=scope.force.pk).filter(condition)
    records = (
        counted.filter(pk__in=offenders_visible_to(user).values("pk"))
        .select_related("offender_manager", "team")
        .order_by("last_name", "first_name", "pk")
    )
    return Listing(
        counted=counted,
        title=label,
        columns=["Offender", "Reference", "Risk", "Status", "Lead agency", "Offender manager", "Team"],
        records=records,
        row=lambda o: [
            _offender_cell(o),
            Cell(o.reference),
            Cell(o.get_risk_level_display() or "Not assessed"),
            Cell(o.get_status_display()),
            Cell(o.get_lead_agency_display()),
            Cell(str(o.offender_manager or "Unassigned")),
            Cell(o.team.name),
        ],
        subject=lambda o: o.pk,
    )


COMPLIANCE_TITLES = {
    "due_soon": f"due in the next {NOTIFICATION_DUE_SOON_DAYS} days",
    "overdue": "overdue",
    "overdue_this_month": "overdue from a last day this month",
}


def outstanding(scope, params, user, today, policy) -> Listing:
    group = _choice(params, "group", WorkGroup.values)
    risk = _choice(params, "risk", RISK_KEYS)
    compliance = notification_bands(today)
    band = _choice(params, "band", [*Overdue.values, *compliance])
    items = scope.outstanding()
    title = ["Outstanding"]
    if group:
        items = items.filter(kind__in=WORK_GROUP_KINDS[WorkGroup(group)])
        title.append(mid_sentence(WorkGroup(group).label))
    if risk:
        items = (
            items.filter(risk_level__isnull=True) if risk == NOT_ASSESSED else items.filter(risk_level=risk)
        )
        title.append(f"at {risk.replace('_', ' ')} risk" if risk != NOT_ASSESSED else "not yet assessed")
    bands = overdue_filters(today)
    if band in compliance:
        items = items.filter(compliance[band])
        title.append(COMPLIANCE_TITLES[band])
    elif band:
        items = items.filter(bands[band])
        title.append(f"({mid_sentence(Overdue(band).label)})")
    visible = items.filter(offender__in=offenders_visible_to(user))
    return Listing(
        counted=items,
        title=" ".join(title),
        columns=["Offender", "Work", "Due", "Days overdue", "Risk", "Offender manager"],
        records=visible.select_related("offender", "offender_manager").order_by("due_on", "kind", "pk"),
        row=lambda item: [
            _offender_cell(item.offender),
            Cell(item.get_kind_display()),
            Cell(f"{item.due_on:%-d %b %Y}"),
            Cell(days_overdue(item.due_on, today), emphasis=item.due_on < today),
            Cell(item.get_risk_level_display() or "Not assessed"),
            Cell(str(item.offender_manager or "Unassigned")),
        ],
        subject=lambda item: item.offender_id,
    )


STAFF_MEASURES = {
    "offender_managers": "Offender managers in post",
    "offender_managers_available": "Offender managers available",
    "supervisors": "Supervisors in post",
    "supervisors_available": "Supervisors available",
    "vacancies": "Vacant offender manager posts",
    "needing_cover": "Absent offender managers whose caseloads need cover",
    "over_target": "Offender managers over the caseload target",
    "over_share": "Offender managers over the high-risk share",
    "supervised_by": "Officers supervised",
}


def staff(scope, params, user, today, policy) -> Listing:
    """People counted by the dashboard, with the same rules as `dashboards.metrics`."""
    measure = _choice(params, "measure", STAFF_MEASURES) or "offender_managers"
    people = scope.staff().select_related("team").order_by("last_name", "first_name", "pk")
    if measure == "vacancies":
        posts = vacancies_on(today).filter(staff__in=people, staff__role=Role.OFFENDER_MANAGER)
        chosen = [absence.staff for absence in posts.select_related("staff__team")]
    elif measure == "supervised_by":
        supervisor = people.filter(role=Role.SUPERVISOR, pk=_int(params.get("supervisor"))).first()
        if supervisor is None:
            raise Http404("Unknown supervisor.")
        chosen = list(
            supervisor.supervisees.filter(is_active=True)
            .select_related("team")
            .order_by("last_name", "first_name")
        )
    else:
        role = Role.SUPERVISOR if measure.startswith("supervisors") else Role.OFFENDER_MANAGER
        chosen = list(people.filter(is_active=True, role=role))
    positions = officer_positions([person.pk for person in chosen], today=today, policy=policy)
    if measure.endswith("_available"):
        chosen = [person for person in chosen if not positions[person.pk].long_term_absent]
    elif measure == "over_target":
        chosen = [person for person in chosen if positions[person.pk].fifty_twenty.over_target]
    elif measure == "over_share":
        chosen = [person for person in chosen if positions[person.pk].fifty_twenty.over_share]
    elif measure == "needing_cover":
        chosen = [person for person in chosen if positions[person.pk].needs_cover]

    def row(person):
        position = positions[person.pk]
        holds_caseload = person.role == Role.OFFENDER_MANAGER
        return [
            Cell(str(person)),
            Cell(person.get_role_display()),
            Cell(person.team.name if person.team else ""),
            Cell(position.community_rso if holds_caseload else None),
            Cell(position.community if holds_caseload else None),
            Cell(position.fifty_twenty.summary if holds_caseload else ""),
            Cell(
                "Long-term absence"
                if position.long_term_absent
                else ("Vacant" if not person.is_active else "Available")
            ),
        ]

    return Listing(
        title=STAFF_MEASURES[measure],
        columns=["Name", "Role", "Team", "Community RSOs", "All in the community", "50/20", "Availability"],
        records=chosen,
        row=row,
    )


def visits(scope, params, user, today, policy) -> Listing:
    crewing = _choice(params, "crewing", CREWING_FILTERS)
    # The visits behind the crewing figures: a revised visit once, as its latest version.
    records = scope.visits().exclude(status=WorkflowStatus.DRAFT).filter(LATEST_VERSION)
    title = "Visits"
    if month := _month(params):
        records = records.filter(visited_on__gte=month[0], visited_on__lt=month[1])
        title += f" in {month[0]:%B %Y}"
    if crewing:
        records = records.filter(CREWING_FILTERS[crewing])
        title += f": {crewing.replace('_', ' ')}"
    counted, records = records, records.filter(offender__in=offenders_visible_to(user))
    return Listing(
        counted=counted,
        title=title,
        columns=["Offender", "Date", "Officers", "Announced", "Authorisation", "Status"],
        records=records.select_related("offender", "author", "authorisation").order_by("-visited_on", "pk"),
        row=lambda v: [
            _offender_cell(v.offender),
            Cell(f"{v.visited_on:%-d %b %Y}", url=v.get_absolute_url()),
            Cell(f"{v.crew_size} ({v.author})"),
            Cell("Announced" if v.announced else "Unannounced"),
            Cell(
                "Authorised" if v.authorisation_id else ("Unauthorised" if v.is_exception else "Not needed"),
                emphasis=not v.is_compliant,
            ),
            Cell(v.get_status_display()),
        ],
        subject=lambda v: v.offender_id,
    )


def abstractions(scope, params, user, today, policy) -> Listing:
    reviewed = _choice(params, "reviewed", ("yes", "no"))
    records = Abstraction.objects.filter(staff__in=scope.staff())
    title = "Abstractions"
    if month := _month(params):
        records = records.filter(starts_on__gte=month[0], starts_on__lt=month[1])
        title += f" in {month[0]:%B %Y}"
    if reviewed:
        records = records.filter(reviewed_on__isnull=reviewed == "no")
        title += ", reviewed" if reviewed == "yes" else ", awaiting review"
    return Listing(
        title=title,
        columns=["Officer", "Team", "From", "To", "Hours", "Why", "Approved by", "Reviewed"],
        records=records.select_related("staff__team", "approved_by").order_by("starts_on", "pk"),
        row=lambda a: [
            Cell(str(a.staff)),
            Cell(a.staff.team.name if a.staff.team else ""),
            Cell(f"{a.starts_on:%-d %b %Y}"),
            Cell(f"{a.ends_on:%-d %b %Y}"),
            Cell(float(a.hours)),
            Cell(a.reason),
            Cell(str(a.approved_by or "Not approved")),
            Cell(f"{a.reviewed_on:%-d %b %Y}" if a.reviewed_on else "Awaiting review"),
        ],
    )


LISTS = {
    "offenders": offenders,
    "outstanding": outstanding,
    "staff": staff,
    "visits": visits,
    "abstractions": abstractions,
}


def listing(kind: str, scope: Scope, params, user, *, today: datetime.date, policy: Policy) -> Listing:
    try:
        build = LISTS[kind]
    except KeyError:
        raise Http404("No such list.") from None
    return build(scope, params, user, today, policy)
