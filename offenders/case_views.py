"""What the pages of every case record share (offenders.case_records): the access checks
before a form, the author-only draft, a revision, and what a record's page offers its
reader. The views of the apps above (visits, risk) call these with their own models,
pages and services.

An offender or record outside what the user may see answers 404; one whose records they
may read but not change, 403. Showing a form is a consultation of the offender's record.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect

from offenders import audit
from offenders.case_records import ensure_editable, may_revise, record_revise
from offenders.models import CaseRecord, Offender
from offenders.permissions import may_act
from offenders.selectors import offender_to_write, offenders_visible_to
from rules.choices import REVISABLE_STATUSES, WorkflowStatus
from workforce.models import Staff
from workforce.permissions import Action


def offender_for_case_work(request, offender_pk) -> Offender:
    """The offender, if the user may change their records (404 if unseen, 403 if read-only);
    showing the form is a consultation of their record."""
    offender = offender_to_write(request.user, offender_pk)
    if request.method == "GET":
        audit.consulted(request, offender, kind="form")
    return offender


def visible_record(request, model: type[CaseRecord], pk, *, related: tuple[str, ...] = ()) -> CaseRecord:
    """The record if its offender is visible to the user (404 otherwise); `related`: more
    relations to select with it."""
    return get_object_or_404(
        model.objects.filter(offender__in=offenders_visible_to(request.user)).select_related(
            "offender", "author", *related, "supersedes", "superseded_by"
        ),
        pk=pk,
    )


def _refuse_unless_author(request, record: CaseRecord) -> None:
    if record.author_id != request.user.pk:
        raise PermissionDenied(f"Only the author can change this {record._meta.verbose_name}.")


def record_for_case_work(
    request, model: type[CaseRecord], pk, *, related: tuple[str, ...] = (), author_only: bool = False
) -> CaseRecord:
    """The record if the user may change its offender's records (404 if unseen, 403 if
    read-only; with `author_only`, 403 also unless they wrote it, before it is consulted)."""
    record = visible_record(request, model, pk, related=related)
    offender_to_write(request.user, record.offender_id)
    if author_only:
        _refuse_unless_author(request, record)
    if request.method == "GET":
        audit.consulted(request, record.offender_id, record=record)
    return record


def refuse_unless_editable(request, record: CaseRecord, detail_url: str, *, refusal: str = ""):
    """Only the author edits, and only a draft: anyone else is refused (403); a record past
    draft is shown read-only instead, with why (`refusal`, or the workflow's reason)."""
    _refuse_unless_author(request, record)
    try:
        ensure_editable(record)
    except ValidationError as error:
        messages.error(request, refusal or " ".join(error.messages))
        return redirect(detail_url, record.pk)
    return None


def _record_revise(record: CaseRecord, author: Staff) -> CaseRecord:
    return record_revise(record=record, author=author)


def revise(
    request,
    model: type[CaseRecord],
    pk,
    *,
    detail_url: str,
    edit_url: str,
    revise_with: Callable[[CaseRecord, Staff], CaseRecord] = _record_revise,
    related: tuple[str, ...] = (),
):
    """Start a new draft version of a returned or signed-off record (through `revise_with`,
    the record's revise service), then edit it; the old one stays as it was."""
    record = record_for_case_work(request, model, pk, related=related)
    try:
        revision = revise_with(record, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(detail_url, record.pk)
    messages.success(
        request,
        f"Version {revision.version} started as a draft from version {record.version}. "
        "Change what needs changing and submit it for review.",
    )
    return redirect(edit_url, revision.pk)


def change_flags(user: Staff, record: CaseRecord) -> dict[str, bool]:
    """What a record's page offers `user`: to edit or discard it (its author, while a draft)
    and to revise it (a reviewed latest version, by its author or the offender's OM, who may
    change the offender's records: `offenders.case_records.may_revise`)."""
    can_edit = record.status == WorkflowStatus.DRAFT and record.author_id == user.pk
    return {
        "can_edit": can_edit,
        "can_discard": can_edit and may_act(user, Action.RECORD, record.offender),
        "can_revise": record.status in REVISABLE_STATUSES
        and not hasattr(record, "superseded_by")
        and may_revise(user, record)
        and may_act(user, Action.REVISE, record.offender),
    }
