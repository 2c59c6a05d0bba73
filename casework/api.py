"""What is due for one offender, as JSON: /api/v1/offenders/<id>/due/."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from kit.api import ApiView, api_recipient
from offenders import audit
from offenders.models import Offender
from offenders.selectors import offender_to_read
from outstanding.selectors import due_work


class DueItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    due_on = serializers.DateField()
    rule = serializers.CharField(help_text="The rule that set the date")
    basis = serializers.CharField(help_text="What the date is counted from, e.g. last visit")
    basis_on = serializers.DateField()
    days_overdue = serializers.IntegerField(help_text="Whole days past the due date; 0 if not yet due")
    related_item = serializers.IntegerField(allow_null=True, help_text="The record or condition it is about")


class OffenderDueView(ApiView):
    """What is due for one offender now, from the one due engine
    (docs/rules.md § What falls due); scoped like the offender's record (404 outside it)."""

    @extend_schema(operation_id="offenders_due_list", responses=DueItemSerializer(many=True))
    def get(self, request, pk: str):
        # Any id is matched here (so an anonymous caller gets 401 first, as everywhere); one
        # that is not a whole number is no offender at all.
        if not pk.isascii() or not pk.isdigit():
            raise Http404("No such offender.")
        offender = offender_to_read(request.user, int(pk))
        today = timezone.localdate()
        assessed = due_work(Offender.objects.filter(pk=offender.pk), today=today)[offender.pk]
        audit.disclosed(request, offender, kind="api due", recipient=api_recipient(request))
        return Response(
            DueItemSerializer(
                [
                    {
                        "kind": str(entry.item.kind),
                        "kind_label": str(entry.item.kind.label),
                        "due_on": entry.item.due_on,
                        "rule": entry.item.rule,
                        "basis": entry.item.basis,
                        "basis_on": entry.item.basis_on,
                        "days_overdue": entry.days_overdue,
                        "related_item": entry.item.related_item_id,
                    }
                    for entry in assessed
                ],
                many=True,
            ).data
        )
