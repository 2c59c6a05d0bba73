"""The API's offenders, intelligence checks and outcomes, and what every case record's API
(visits, ARMS assessments, risk management plans) shares.

Reads come from `offenders_visible_to` (out of scope: 404); writes check `offender_to_write`
(readable but not writable: 403) and go through the same services as the web pages.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.decorators import action

from mosovo.api_base import (
    IdFilter,
    NoInput,
    PersonSerializer,
    ReadOnlyModelSerializer,
    ReadViewSet,
    StrictInput,
    Submission,
    date_field,
    id_field,
    offender_to_record_against,
    text_field,
    validated,
)
from mosovo.rules.choices import (
    Disposal,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    OffenderType,
    RiskLevel,
    WorkflowStatus,
)
from offenders import services
from offenders.case_records import record_revise, record_submit
from offenders.models import (
    CaseRecord,
    IntelligenceCheck,
    IntelligenceResult,
    IntelligenceSystem,
    MappaCategory,
    MappaLevel,
    OffenceType,
    Offender,
    Outcome,
    OutcomeKind,
)
from offenders.selectors import offender_to_write, offenders_visible_to, search_reference_or_name
from workforce.models import Role, Staff, Team
from workforce.selectors import supervised_staff, teams_visible_to

# --------------------------------------------------------------------------- filters


class OffenderRecordFilter(filters.FilterSet):
    """What every list of records about offenders can be narrowed by."""

    offender = IdFilter(field_name="offender_id", help_text="Only records about this offender")


# --------------------------------------------------------------------------- offenders


class OffenderSerializer(ReadOnlyModelSerializer):
    offender_manager = PersonSerializer(allow_null=True)

    class Meta:
        model = Offender
        fields = [
            "id",
            "reference",
            "pnc_id",
            "first_name",
            "last_name",
            "date_of_birth",
            "offender_type",
            "mappa_category",
            "mappa_level",
            "status",
            "is_restricted",
            "team",
            "offender_manager",
            "risk_level",
            "management_mode",
            "reactive_since",
            "lead_agency",
            "police_lead_since",
            "licence_ends_on",
            "community_order_ends_on",
            "released_on",
            "disposal",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "offence_on",
            "relevant_date",
            "notification_starts_on",
            "notification_indefinite",
            "notification_period_months",
            "notification_ends_on",
            "indefinite_review_earliest_on",
            "managed_since",
            "created_at",
            "updated_at",
        ]


def _months(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=32767, required=False, allow_null=True, **kwargs)


class OffenderRegistration(StrictInput):
    """Register a nominal (`offender_register`). The notification period, lead agency and risk
    level are decided by the service and the ARMS, never sent."""

    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.none())
    offender_manager = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.none(), help_text="An offender manager you supervise"
    )
    reference = serializers.CharField(max_length=30, help_text="ViSOR reference")
    first_name = serializers.CharField(max_length=60)
    last_name = serializers.CharField(max_length=60)
    date_of_birth = date_field()
    offender_type = serializers.ChoiceField(choices=OffenderType.choices)
    mappa_category = serializers.ChoiceField(choices=MappaCategory.choices)
    mappa_level = serializers.ChoiceField(choices=MappaLevel.choices)
    status = serializers.ChoiceField(choices=OffenderStatus.choices, default=OffenderStatus.COMMUNITY)
    disposal = serializers.ChoiceField(choices=Disposal.choices)
    sentence_months = _months(help_text="Custodial term")
    is_life_sentence = serializers.BooleanField(default=False)
    conditional_discharge_months = _months()
    order_ends_on = date_field(required=False, allow_null=True, help_text="SHPO or SRO disposal only")
    offence_on = date_field(required=False, allow_null=True)
    relevant_date = date_field(help_text="Date of conviction, finding or caution")
    notification_starts_on = date_field()
    managed_since = date_field(help_text="When this unit's management began")
    released_on = date_field(required=False, allow_null=True)
    licence_ends_on = date_field(required=False, allow_null=True)
    community_order_ends_on = date_field(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            today = timezone.localdate()
            self.fields["team"].queryset = teams_visible_to(request.user, day=today)
            self.fields["offender_manager"].queryset = supervised_staff(request.user, day=today).filter(
                role=Role.OFFENDER_MANAGER, is_active=True
            )

    def validate_reference(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Enter the ViSOR reference.")
        return value


class OffenderFilter(filters.FilterSet):
    team = IdFilter(field_name="team_id")
    offender_manager = IdFilter(field_name="offender_manager_id")
    status = filters.ChoiceFilter(choices=OffenderStatus.choices)
    risk_level = filters.ChoiceFilter(choices=RiskLevel.choices)
    management_mode = filters.ChoiceFilter(choices=ManagementMode.choices)
    offender_type = filters.ChoiceFilter(choices=OffenderType.choices)
    lead_agency = filters.ChoiceFilter(choices=LeadAgency.choices)
    reference = filters.CharFilter(lookup_expr="iexact", help_text="The exact ViSOR reference")
    search = filters.CharFilter(
        method="search_reference_or_name", help_text="Part of the ViSOR reference or of a name"
    )

    class Meta:
        model = Offender
        fields = []

    def search_reference_or_name(self, queryset, name, value):
        return search_reference_or_name(queryset, value)


class OffenderViewSet(ReadViewSet):
    """Offenders the caller may see. A supervisor registers a new one (POST), assigned to an
    offender manager they supervise."""

    serializer_class = OffenderSerializer
    filterset_class = OffenderFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": OffenderRegistration}
    disclosure = "offender"

    def get_queryset(self):
        return (
            offenders_visible_to(self.request.user)
            .select_related("offender_manager")
            .order_by("last_name", "first_name", "pk")
        )

    def offender_ids(self, objects):
        return [offender.pk for offender in objects]

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.SUPERVISOR:
            raise PermissionDenied("Only a supervisor can register an offender.")
        data = validated(OffenderRegistration, request)
        offender = services.offender_register(acting_user=request.user, today=timezone.localdate(), **data)
        return self.answer(self.get_queryset().get(pk=offender.pk), status=201)


# --------------------------------------------------------------------------- intelligence checks


class IntelligenceCheckSerializer(ReadOnlyModelSerializer):
    checked_by = PersonSerializer()

    class Meta:
        model = IntelligenceCheck
        fields = ["id", "offender", "system", "checked_on", "result", "notes", "checked_by", "created_at"]


class NewIntelligenceCheck(StrictInput):
    offender = id_field()
    system = serializers.ChoiceField(choices=IntelligenceSystem.choices)
    checked_on = date_field()
    result = serializers.ChoiceField(choices=IntelligenceResult.choices)
    notes = text_field(max_length=5000)


class IntelligenceCheckFilter(OffenderRecordFilter):
    system = filters.ChoiceFilter(choices=IntelligenceSystem.choices)
    result = filters.ChoiceFilter(choices=IntelligenceResult.choices)
    checked_on = filters.DateFromToRangeFilter()

    class Meta:
        model = IntelligenceCheck
        fields = []


class IntelligenceCheckViewSet(ReadViewSet):
    serializer_class = IntelligenceCheckSerializer
    filterset_class = IntelligenceCheckFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": NewIntelligenceCheck}
    disclosure = "intelligencecheck"

    def get_queryset(self):
        return (
            IntelligenceCheck.objects.filter(offender__in=offenders_visible_to(self.request.user))
            .select_related("checked_by")
            .order_by("-checked_on", "-pk")
        )

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request)
        data = validated(NewIntelligenceCheck, request)
        del data["offender"]
        check = services.intelligence_check_record(
            offender=offender, checked_by=request.user, today=timezone.localdate(), **data
        )
        return self.answer(self.get_queryset().get(pk=check.pk), status=201)


# --------------------------------------------------------------------------- outcomes


class OutcomeSerializer(ReadOnlyModelSerializer):
    recorded_by = PersonSerializer()

    class Meta:
        model = Outcome
        fields = [
            "id",
            "offender",
            "kind",
            "offence_type",
            "occurred_on",
            "notes",
            "recorded_by",
            "created_at",
        ]


class NewOutcome(StrictInput):
    offender = id_field()
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    offence_type = serializers.ChoiceField(
        choices=OffenceType.choices, allow_blank=True, default="", help_text="Required for a new offence"
    )
    occurred_on = date_field()
    notes = text_field(max_length=5000)


class OutcomeFilter(OffenderRecordFilter):
    kind = filters.ChoiceFilter(choices=OutcomeKind.choices)
    occurred_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Outcome
        fields = []


class OutcomeViewSet(ReadViewSet):
    serializer_class = OutcomeSerializer
    filterset_class = OutcomeFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": NewOutcome}
    disclosure = "outcome"

    def get_queryset(self):
        return (
            Outcome.objects.filter(offender__in=offenders_visible_to(self.request.user))
            .select_related("recorded_by")
            .order_by("-occurred_on", "-pk")
        )

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request)
        data = validated(NewOutcome, request)
        del data["offender"]
        outcome = services.outcome_record(
            offender=offender, recorded_by=request.user, today=timezone.localdate(), **data
        )
        return self.answer(self.get_queryset().get(pk=outcome.pk), status=201)


# --------------------------------------------------------------------------- case records


CASE_RECORD_FIELDS = [
    "id",
    "offender",
    "status",
    "version",
    "row_version",
    "author",
    "updated_by",
    "submitted_on",
    "supersedes",
    "superseded_by",
    "created_at",
    "updated_at",
]


class CaseRecordSerializer(ReadOnlyModelSerializer):
    """What every ARMS, RMP and visit answers with, beside its own fields. `row_version` is
    what a change sends back; `status`, `version` and the rest only the workflow changes."""

    author = PersonSerializer()
    updated_by = PersonSerializer(allow_null=True)
    superseded_by = serializers.SerializerMethodField(help_text="The next version, once revised")

    def get_superseded_by(self, record) -> int | None:
        revision = getattr(record, "superseded_by", None)
        return revision.pk if revision is not None else None


# The actions every case record has beyond create and update, and their request bodies.
CASE_RECORD_ACTIONS = {"submit": Submission, "revise": None}


class CaseRecordFilter(OffenderRecordFilter):
    status = filters.ChoiceFilter(choices=WorkflowStatus.choices)
    author = IdFilter(field_name="author_id")


class CaseRecordViewSet(ReadViewSet):
    """An ARMS, RMP or visit: its author writes it as a draft (POST, then PUT with the
    `row_version` read), submits it for review, and after review anyone who works the
    offender's case may start a revision (a new draft version). A submitted or signed-off
    record is never changed in place."""

    model: type[CaseRecord]
    http_method_names = ["get", "post", "put"]
    creating_actions = ("create", "revise")
    versioned_actions = ("update", "submit")
    related = ("author", "updated_by", "supersedes", "superseded_by")

    def get_queryset(self):
        return (
            self.model.objects.filter(offender__in=offenders_visible_to(self.request.user))
            .select_related(*self.related)
            .order_by(*self.model._meta.ordering, "-pk")
        )

    # The services each kind of record writes through (keyword arguments as the services').
    def record(self, **kwargs) -> CaseRecord:
        raise NotImplementedError

    def update_draft(self, record: CaseRecord, **kwargs) -> CaseRecord:
        raise NotImplementedError

    def submit_record(self, record: CaseRecord, **kwargs) -> CaseRecord:
        return record_submit(record=record, **kwargs)

    def revise_record(self, record: CaseRecord, *, author) -> CaseRecord:
        return record_revise(record=record, author=author)

    def _fresh(self, record: CaseRecord) -> CaseRecord:
        return self.get_queryset().get(pk=record.pk)

    def _authors_record(self, doing: str) -> CaseRecord:
        """The record, if the caller may change it: 404 if unseen, 403 if read-only to them or
        not their own."""
        record = self.get_object()
        offender_to_write(self.request.user, record.offender_id)
        if record.author_id != self.request.user.pk:
            raise PermissionDenied(f"Only the author can {doing} this {record._meta.verbose_name}.")
        return record

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request)
        data = validated(self.input_serializers["create"], request, offender=offender, author=request.user)
        del data["offender"]
        record = self.record(offender=offender, author=request.user, today=timezone.localdate(), **data)
        return self.answer(self._fresh(record), status=201)

    def update(self, request, *args, **kwargs):
        record = self._authors_record("change")
        data = validated(
            self.input_serializers["update"], request, offender=record.offender, author=record.author
        )
        expected_version = data.pop("row_version")
        saved = self.update_draft(
            record,
            acting_user=request.user,
            today=timezone.localdate(),
            expected_version=expected_version,
            **data,
        )
        return self.answer(self._fresh(saved))

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Submit the draft for supervisor review (the author, with the `row_version` read)."""
        record = self._authors_record("submit")
        expected_version = validated(Submission, request)["row_version"]
        submitted = self.submit_record(
            record, acting_user=request.user, today=timezone.localdate(), expected_version=expected_version
        )
        return self.answer(self._fresh(submitted))

    @action(detail=True, methods=["post"])
    def revise(self, request, *args, **kwargs):
        """Start a new draft version of a returned or signed-off record; the caller is its author."""
        record = self.get_object()
        offender_to_write(request.user, record.offender_id)
        validated(NoInput, request)
        revision = self.revise_record(record, author=request.user)
        return self.answer(self._fresh(revision), status=201)
