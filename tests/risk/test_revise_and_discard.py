"""Who revises whose record, and discarding a draft (issue 15, item 12): a record's next version
is written by its author or the offender's offender manager, not by the supervisor reviewing
it; a draft is discarded by its author alone, after a warning, and the version it revised is
current again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offenders import case_records
from offenders.models import AuditEvent, AuditOperation
from risk.models import ArmsAssessment
from rules.choices import WorkflowStatus
from tests import factories
from tests.dates import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_off(offender):
    """The OM's signed-off ARMS assessment."""
    return factories.ArmsAssessmentFactory(
        offender=offender, status=WorkflowStatus.SIGNED_OFF, assessed_on=days_ago(100), notes="Version one"
    )


def test_the_supervisor_does_not_revise_the_oms_record_and_the_om_keeps_their_revise_button(
    client, supervisor, om, signed_off
):
    client.force_login(supervisor)
    page = client.get(reverse("arms-detail", args=[signed_off.pk])).content.decode()
    assert reverse("arms-revise", args=[signed_off.pk]) not in page
    refused = client.post(reverse("arms-revise", args=[signed_off.pk]), follow=True).content.decode()
    assert "ask them to revise it" in refused
    assert not ArmsAssessment.objects.filter(supersedes=signed_off).exists()
    client.force_login(om)
    assert (
        reverse("arms-revise", args=[signed_off.pk])
        in client.get(reverse("arms-detail", args=[signed_off.pk])).content.decode()
    )


def test_the_author_discards_a_draft_revision_after_a_warning_and_the_old_version_is_current_again(
    client, om, signed_off
):
    client.force_login(om)
    client.post(reverse("arms-revise", args=[signed_off.pk]))
    draft = ArmsAssessment.objects.get(supersedes=signed_off)
    url = reverse("record-discard", args=["arms", draft.pk])
    assert url in client.get(reverse("arms-detail", args=[draft.pk])).content.decode()
    confirm = client.get(url).content.decode()
    assert "govuk-warning-text" in confirm and "You cannot undo this" in confirm
    assert ArmsAssessment.objects.filter(pk=draft.pk).exists()  # asking deletes nothing
    response = client.post(url, {"row_version": draft.row_version})
    assert response.url == reverse("arms-detail", args=[signed_off.pk])
    assert not ArmsAssessment.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(
        operation=AuditOperation.ERASURE,
        record_id=draft.pk,
        offender_id=signed_off.offender_id,
        actor_id=om.pk,
    ).exists()
    page = client.get(reverse("arms-detail", args=[signed_off.pk])).content.decode()
    assert "Draft version 2 discarded" in page and reverse("arms-revise", args=[signed_off.pk]) in page


def test_only_the_author_discards_and_only_a_draft(client, supervisor, om, signed_off):
    draft = factories.ArmsAssessmentFactory(
        offender=signed_off.offender,
        status=WorkflowStatus.DRAFT,
        submitted_on=None,
        version=2,
        supersedes=signed_off,
    )
    client.force_login(supervisor)
    assert client.get(reverse("record-discard", args=["arms", draft.pk])).status_code == 403
    assert client.post(reverse("record-discard", args=["arms", draft.pk])).status_code == 403
    with pytest.raises(ValidationError, match="Only the author"):
        case_records.record_discard(record=draft, acting_user=supervisor)
    with pytest.raises(ValidationError, match="Only a draft"):
        case_records.record_discard(record=signed_off, acting_user=om)
    assert ArmsAssessment.objects.count() == 2
