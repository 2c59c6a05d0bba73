"""Force, team and offender manager dashboards, the records behind every number, exports,
and the weekly-against-monthly reconciliation [docs/rules.md § Dashboards]."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dashboards import dashboard, drilldown
from dashboards.models import SnapshotRun
from dashboards.scopes import scope_for
from dashboards.snapshots import keeps_records, latest_runs, reconcile
from dashboards.tables import Table
from offenders import audit
from offenders.models import AuditOperation
from offenders.selectors import offenders_visible_to
from rules.due import DueKind
from workforce.models import ForcePolicy

LIST_PAGE_SIZE = 50
RECONCILIATION_SHOWN = 200
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _export(table, file_format: str, scope) -> HttpResponse:
    if file_format not in EXPORT_TYPES:
        raise Http404("Export as csv or xlsx.")
    content_type, extension = EXPORT_TYPES[file_format]
    body = table.csv() if file_format == "csv" else table.xlsx()
    response = HttpResponse(body, content_type=content_type)
    name = f"{scope.token.replace(':', '-')}-{table.key}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def dashboard_page(request):
    today = timezone.localdate()
    scope = scope_for(request.user, request.GET.get("scope"), today=today)
    board = dashboard.build(scope, today=today, policy=ForcePolicy.rules_for(scope.force.pk))
    if export := request.GET.get("export"):
        try:
            table = board.table(export)
        except StopIteration:
            raise Http404("No such table.") from None
        audit.disclosed(
            request,
            table.offender_ids or None,
            kind=f"export {table.key}",
            recipient=f"{request.user.get_full_name() or request.user.username} (download)",
        )
        return _export(table, request.GET.get("format", "csv"), scope)
    audit.consulted(request, [i for table in board.tables for i in table.offender_ids], kind="dashboard")
    return render(
        request,
        "dashboards/dashboard.html",
        {"board": board, "scope": scope, "today": today, "is_leader": request.user.role == "senior_leader"},
    )


@login_required
def dashboard_list(request, kind):
    today = timezone.localdate()
    scope = scope_for(request.user, request.GET.get("scope"), today=today)
    listing = drilldown.listing(
        kind, scope, request.GET, request.user, today=today, policy=ForcePolicy.rules_for(scope.force.pk)
    )
    if "format" in request.GET:
        return _export_listing(request, kind, listing, scope)
    page = Paginator(listing.records, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    subjects = [subject for subject in map(listing.subject, page.object_list) if subject is not None]
    audit.consulted(request, subjects, kind=f"dashboard {kind}")
    query = request.GET.copy()
    query.pop("page", None)
    downloads = {}
    for file_format in EXPORT_TYPES:
        query["format"] = file_format
        downloads[file_format] = f"?{query.urlencode()}"
    query.pop("format")
    return render(
        request,
        "dashboards/dashboard_list.html",
        {
            "scope": scope,
            "listing": listing,
            "page": page,
            "rows": [listing.row(record) for record in page.object_list],
            "hidden": listing.hidden,
            "query": query.urlencode(),
            "downloads": downloads,
        },
    )


def _export_listing(request, kind: str, listing: drilldown.Listing, scope) -> HttpResponse:
    """The whole list behind a number (every page), with the columns the page shows, as CSV or
    XLSX; logged as a disclosure of every offender it names, as a table export is."""
    if request.GET["format"] not in EXPORT_TYPES:
        raise Http404("Export as csv or xlsx.")
    records = list(listing.records)
    table = Table(key=f"records-{kind}", caption=listing.title, columns=listing.columns)
    for record in records:
        header, *cells = listing.row(record)
        table.add(header, cells)
    table.offender_ids = list(dict.fromkeys(s for s in map(listing.subject, records) if s is not None))
    audit.disclosed(
        request,
        table.offender_ids or None,
        kind=f"export dashboard {kind}",
        recipient=f"{request.user.get_full_name() or request.user.username} (download)",
    )
    return _export(table, request.GET["format"], scope)


def _item(row) -> str:
    _, kind, _, due_on = row
    return f"{DueKind(kind).label}, due {due_on:%-d %b %Y}"


@login_required
def reconciliation(request):
    """Offenders and outstanding items in the latest weekly snapshot and not the latest monthly
    one, and the other way round, within the scope."""
    today = timezone.localdate()
    scope = scope_for(request.user, request.GET.get("scope"), today=today)
    weekly, monthly = latest_runs()
    if request.GET.get("weekly", "").isdigit():
        weekly = SnapshotRun.objects.filter(
            pk=request.GET["weekly"], period=SnapshotRun.Period.WEEKLY
        ).first()
    if request.GET.get("monthly", "").isdigit():
        monthly = SnapshotRun.objects.filter(
            pk=request.GET["monthly"], period=SnapshotRun.Period.MONTHLY
        ).first()
    result, sections = None, []
    if weekly and monthly:
        result = reconcile(weekly=weekly, monthly=monthly, level=scope.level, key=scope.key)
        shown = {
            "offenders_only_weekly": [(pk, "") for pk in result.offenders_only_weekly[:RECONCILIATION_SHOWN]],
            "offenders_only_monthly": [
                (pk, "") for pk in result.offenders_only_monthly[:RECONCILIATION_SHOWN]
            ],
            "items_only_weekly": [(r[0], _item(r)) for r in result.items_only_weekly[:RECONCILIATION_SHOWN]],
            "items_only_monthly": [
                (r[0], _item(r)) for r in result.items_only_monthly[:RECONCILIATION_SHOWN]
            ],
        }
        offenders = offenders_visible_to(request.user).in_bulk(
            {pk for rows in shown.values() for pk, _ in rows}
        )
        if offenders:
            audit.log(
                actor=request.user,
                operation=AuditOperation.COMBINATION,
                offenders=list(offenders),
                kind="reconciliation",
                justification=audit.PURPOSE,
            )
        for name, title in (
            (
                "offenders_only_weekly",
                f"Offenders counted on {weekly.taken_on:%-d %B %Y} (weekly) and not on "
                f"{monthly.taken_on:%-d %B %Y} (monthly)",
            ),
            (
                "offenders_only_monthly",
                f"Offenders counted on {monthly.taken_on:%-d %B %Y} (monthly) and not on "
                f"{weekly.taken_on:%-d %B %Y} (weekly)",
            ),
            ("items_only_weekly", "Outstanding items in the weekly snapshot and not the monthly one"),
            ("items_only_monthly", "Outstanding items in the monthly snapshot and not the weekly one"),
        ):
            rows = [(offenders.get(pk), pk, detail) for pk, detail in shown[name]]
            sections.append({"title": title, "count": len(getattr(result, name)), "rows": rows})
    reconcilable = SnapshotRun.objects.filter(keeps_records())
    return render(
        request,
        "dashboards/reconciliation.html",
        {
            "scope": scope,
            "result": result,
            "sections": sections,
            "shown": RECONCILIATION_SHOWN,
            # Runs with the records behind them: a demo's backfilled year keeps figures only.
            "weekly_runs": reconcilable.filter(period=SnapshotRun.Period.WEEKLY)[:26],
            "monthly_runs": reconcilable.filter(period=SnapshotRun.Period.MONTHLY)[:24],
        },
    )
