"""The API's home visits and the supervisor authorisations their exceptions need.

A visit is a case record (offenders.api.CaseRecordViewSet): draft → submitted → reviewed. Its
co-attending officer and authorisation are chosen from what the visit form offers, so the
API accepts exactly what the browser does.
"""

from django.db.models import Q
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers

from kit.api import (
    PersonSerializer,
    ReadOnlyModelSerializer,
    StrictInput,
    date_field,
    id_field,
    row_version_field,
    text_field,
    validated,
)
from offenders.api import (
    CASE_RECORD_ACTIONS,
    CASE_RECORD_FIELDS,
    CaseRecordFilter,
    CaseRecordInput,
    CaseRecordSerializer,
    CaseRecordViewSet,
    DisclosingViewSet,
    OffenderRecordFilter,
    offender_to_record_against,
)
from offenders.selectors import offenders_visible_to
from visits import services
from visits.content import VisitContent
from visits.models import DeviceInspection, InspectionFinding, Visit, VisitAuthorisation, VisitOutcome
from visits.selectors import authorisations_of, co_attending_officers
from workforce.models import Staff
from workforce.permissions import Action

# --------------------------------------------------------------------------- visits


class DeviceInspectionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = DeviceInspection
        fields = ["device", "unregistered_description", "finding", "notes"]


class VisitSerializer(CaseRecordSerializer):
    co_attending_officer = PersonSerializer(allow_null=True)
    is_exception = serializers.BooleanField(help_text="Single-crewed or announced")
    is_compliant = serializers.BooleanField(help_text="Not an exception, or one a supervisor authorised")
    device_inspections = DeviceInspectionSerializer(many=True)

    class Meta:
        model = Visit
        fields = [
            *CASE_RECORD_FIELDS,
            "planned_on",
            "visited_on",
            "visited_at",
            "crew_size",
            "co_attending_officer",
            "announced",
            "authorisation",
            "unauthorised_reason",
            "is_exception",
            "is_compliant",
            "outcome",
            "observations",
            "concerns",
            "intelligence_submitted",
            "intelligence_reference",
            "next_visit_actions",
            "device_inspections",
        ]


class DeviceFinding(StrictInput):
    device = id_field(help_text="One of the offender's current registered devices")
    finding = serializers.ChoiceField(choices=InspectionFinding.choices)


class VisitFields(CaseRecordInput):
    """What the author records about a visit (the visit form's fields): a `VisitContent`."""

    content_class = VisitContent

    visited_on = date_field()
    visited_at = serializers.TimeField(required=False, allow_null=True, default=None)
    crew_size = serializers.IntegerField(
        min_value=1, max_value=6, default=2, help_text="1 is single-crewed: needs an authorisation"
    )
    co_attending_officer = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.none(),
        allow_null=True,
        default=None,
        help_text="Required unless single-crewed",
    )
    announced = serializers.BooleanField(default=False, help_text="Announced visits need an authorisation")
    authorisation = serializers.PrimaryKeyRelatedField(
        queryset=VisitAuthorisation.objects.none(),
        allow_null=True,
        default=None,
        help_text="A supervisor's authorisation for this offender covering the visit",
    )
    unauthorised_reason = text_field(
        help_text="Required for a single-crewed or announced visit with no authorisation: why it went "
        "ahead (the supervisor is told)"
    )
    outcome = serializers.ChoiceField(choices=VisitOutcome.choices)
    observations = text_field()
    concerns = text_field()
    intelligence_submitted = serializers.BooleanField(default=False)
    intelligence_reference = serializers.CharField(max_length=40, allow_blank=True, default="")
    next_visit_actions = text_field()
    device_findings = DeviceFinding(many=True, default=list, max_length=50)
    unregistered_devices = serializers.ListField(
        child=serializers.CharField(max_length=120),
        default=list,
        max_length=50,
        help_text="Devices found that are not registered with police, one description each",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offender, author = self.context.get("offender"), self.context.get("author")
        if offender is not None and author is not None:
            self.fields["co_attending_officer"].queryset = co_attending_officers(offender, author)
            self.fields["authorisation"].queryset = authorisations_of(offender)

    def validate_device_findings(self, findings) -> dict[int, str]:
        return {finding["device"]: finding["finding"] for finding in findings}

    def validate(self, data):
        # As the visit form: a visit in pairs names the other officer; a single-crewed one none.
        if data["crew_size"] >= 2 and data["co_attending_officer"] is None:
            raise serializers.ValidationError(
                {"co_attending_officer": "Choose the officer who attended with you."}
            )
        if data["crew_size"] < 2 and data["co_attending_officer"] is not None:
            raise serializers.ValidationError(
                {"co_attending_officer": "A single-crewed visit has no co-attending officer."}
            )
        return data


class NewVisit(VisitFields):
    offender = id_field(help_text="The offender visited: one whose case you work")
    planned_on = date_field(required=False, allow_null=True, default=None)


class VisitChange(VisitFields):
    row_version = row_version_field()


class VisitFilter(CaseRecordFilter):
    outcome = filters.ChoiceFilter(choices=VisitOutcome.choices)
    visited_on = filters.DateFromToRangeFilter()
    is_exception = filters.BooleanFilter(help_text="Single-crewed or announced")

    class Meta:
        model = Visit
        fields = []


class VisitViewSet(CaseRecordViewSet):
    model = Visit
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    input_serializers = {"create": NewVisit, "update": VisitChange, **CASE_RECORD_ACTIONS}
    disclosure = "visit"
    related = (*CaseRecordViewSet.related, "co_attending_officer")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("device_inspections")

    def save_record(self, *, offender=None, record=None, **kwargs) -> Visit:
        return services.visit_save(offender=offender, visit=record, **kwargs)

    def revise_record(self, record, *, author) -> Visit:
        return services.visit_revise(visit=record, author=author)


# --------------------------------------------------------------------------- authorisations


class VisitAuthorisationSerializer(ReadOnlyModelSerializer):
    authorised_by = PersonSerializer()

    class Meta:
        model = VisitAuthorisation
        fields = [
            "id",
            "offender",
            "authorised_by",
            "authorised_on",
            "valid_from",
            "valid_to",
            "single_crewed",
            "announced",
            "rationale",
            "created_at",
        ]


class NewVisitAuthorisation(StrictInput):
    offender = id_field(help_text="An offender whose case you oversee")
    valid_from = date_field(help_text="First day the visit may take place")
    valid_to = date_field(help_text="Last day the visit may take place")
    single_crewed = serializers.BooleanField(default=False)
    announced = serializers.BooleanField(default=False)
    rationale = serializers.CharField(
        max_length=5000, help_text="Why the visit cannot be unannounced and in pairs"
    )


class VisitAuthorisationFilter(OffenderRecordFilter):
    valid_on = filters.DateFilter(method="covering", help_text="Only authorisations covering this day")

    class Meta:
        model = VisitAuthorisation
        fields = []

    def covering(self, queryset, name, value):
        return queryset.filter(Q(valid_from__lte=value) & Q(valid_to__gte=value))


class VisitAuthorisationViewSet(DisclosingViewSet):
    """A supervisor's authorisation, before the visit, of a single-crewed or announced visit."""

    serializer_class = VisitAuthorisationSerializer
    filterset_class = VisitAuthorisationFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": NewVisitAuthorisation}
    disclosure = "visitauthorisation"

    def get_queryset(self):
        return (
            VisitAuthorisation.objects.filter(offender__in=offenders_visible_to(self.request.user))
            .select_related("authorised_by")
            .order_by("-valid_from", "-pk")
        )

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request, Action.AUTHORISE_VISIT)
        data = validated(NewVisitAuthorisation, request)
        del data["offender"]
        authorisation = services.visit_authorise(
            offender=offender, supervisor=request.user, today=timezone.localdate(), **data
        )
        return self.answer(self.get_queryset().get(pk=authorisation.pk), status=201)
