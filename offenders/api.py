"""The API's offenders, intelligence checks and outcomes, and what every case record's API
(visits, ARMS assessments, risk management plans) shares.

Reads come from `offenders_visible_to` (out of scope: 404); writes check `offender_to_write`
(readable but not writable: 403) and go through the same services as the web pages.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kit.api import (
    IdFilter,
    NoInput,
    PersonSerializer,
    ReadOnlyModelSerializer,
    ReadViewSet,
    StrictInput,
    Submission,
    api_recipient,
    date_field,
    id_field,
    text_field,
    validated,
)
from kit.api_errors import NON_FIELD
from offenders import audit, life_events, orders, registration, services
from offenders.case_records import may_revise, record_revise, record_submit
from offenders.models import (
    CaseRecord,
    ConditionCheck,
    ConditionCheckResult,
    IntelligenceCheck,
    IntelligenceResult,
    IntelligenceSystem,
    LifeEvent,
    MappaCategory,
    MappaLevel,
    OffenceType,
    Offender,
    Order,
    OrderCondition,
    Outcome,
    OutcomeKind,
    ProbationAssessment,
    RegistrationNotification,
)
from offenders.permissions import authorise
from offenders.registration import NotificationContent
from offenders.selectors import offender_to_read, offenders_visible_to, search_reference_or_name
from rules.choices import (
    Disposal,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    OffenderType,
    OrderKind,
    RiskLevel,
    WorkflowStatus,
)
from rules.life_course import RECORDABLE_KIND_CHOICES
from rules.registration import ChangeKind, NotificationKind
from workforce.models import ForcePolicy, Role, Staff, Team
from workforce.permissions import Action, require
from workforce.selectors import supervised_staff, teams_visible_to

# --------------------------------------------------------------------- what every API about offenders shares


class DisclosingViewSet(ReadViewSet):
    """A read view set whose answers carry offenders' data: each answer logs one disclosure per
    offender to the caller in the s62 log (`disclosure` names the kind of record)."""

    disclosure = ""

    def offender_ids(self, objects: Iterable) -> list[int]:
        return [obj.offender_id for obj in objects]

    def disclose(self, objects: Iterable) -> None:
        audit.disclosed(
            self.request,
            self.offender_ids(objects),
            kind=f"api {self.disclosure}",
            recipient=api_recipient(self.request),
        )


class _Subject(serializers.Serializer):
    offender = id_field()


def offender_to_record_against(request, action: Action = Action.RECORD) -> Offender:
    """The offender a new record is about, from the body's `offender`: 404 if the caller may
    not see them (as if they did not exist), 403 if the permission table refuses them `action`
    on that case (the service refuses it again, whoever calls it)."""
    if not isinstance(request.data, Mapping):
        raise serializers.ValidationError({NON_FIELD: ["Send a JSON object."]})
    subject = _Subject(data=request.data)
    subject.is_valid(raise_exception=True)
    offender = offender_to_read(request.user, subject.validated_data["offender"])
    authorise(request.user, action, offender)
    return offender


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
            "community_since",
            "returned_to_active_on",
            "risk_level_source",
            "notification_basis",
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


# --------------------------------------------------------------------------- life course


class IntelligenceCheckSerializer(ReadOnlyModelSerializer):
    checked_by = PersonSerializer()

    class Meta:
        model = IntelligenceCheck
        fields = ["id", "offender", "system", "checked_on", "result", "notes", "checked_by", "created_at"]


class LifeEventSerializer(ReadOnlyModelSerializer):
    """One life event, with the status and lead agency it left (`with_state_after`)."""

    recorded_by = PersonSerializer(allow_null=True, help_text="null: recorded by the system")
    kind_label = serializers.CharField(source="get_kind_display")
    status_after = serializers.CharField(help_text="The offender's status after it")
    lead_agency_after = serializers.CharField(help_text="Who led the offender's management after it")

    class Meta:
        model = LifeEvent
        fields = [
            "id",
            "offender",
            "kind",
            "kind_label",
            "occurred_on",
            "recorded_by",
            "recorded_at",
            "correction_reason",
            "notes",
            "disposal",
            "relevant_date",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "consecutive_to_previous",
            "overlap_months",
            "licence_ends_on",
            "community_order_ends_on",
            "order",
            "order_ends_on",
            "other_force",
            "handover_notes",
            "status_after",
            "lead_agency_after",
        ]


def with_state_after(offender: Offender) -> list[LifeEvent]:
    """The offender's life events, oldest first, each carrying the status and lead it left."""
    rows = list(offender.life_events.select_related("recorded_by"))
    steps = life_events.states_after_each(rows, ForcePolicy.rules_for(offender.force_id))
    for row, state in steps:
        row.status_after, row.lead_agency_after = state.status, state.lead_agency
    return [row for row, _ in steps]


class NewLifeEvent(StrictInput):
    """A life event (docs/rules.md § Life course). Give only the fields of its kind: a sentence
    its disposal and term; a release the licence end (or none); a civil order its kind, end
    and conditions; a variation or discharge the order; a transfer the other force and the
    handover. An event dated before the latest one needs `correction_reason`."""

    kind = serializers.ChoiceField(choices=RECORDABLE_KIND_CHOICES)
    occurred_on = date_field(help_text="The day the change took effect")
    notes = text_field(max_length=5000)
    correction_reason = text_field(max_length=5000)
    disposal = serializers.ChoiceField(choices=Disposal.choices, required=False, allow_blank=True, default="")
    relevant_date = date_field(required=False, allow_null=True, default=None, help_text="Date of conviction")
    sentence_months = _months(default=None)
    is_life_sentence = serializers.BooleanField(default=False)
    conditional_discharge_months = _months(default=None)
    consecutive_to_previous = serializers.BooleanField(default=False)
    overlap_months = _months(default=None, help_text="For partly concurrent terms: the months they overlap")
    licence_ends_on = date_field(
        required=False, allow_null=True, default=None, help_text="Last day on licence"
    )
    community_order_ends_on = date_field(required=False, allow_null=True, default=None)
    order_kind = serializers.ChoiceField(
        choices=OrderKind.choices, required=False, allow_blank=True, default=""
    )
    order = id_field(
        required=False, allow_null=True, default=None, help_text="The order varied or discharged"
    )
    order_ends_on = date_field(
        required=False, allow_null=True, default=None, help_text="The order's last day"
    )
    court = text_field(max_length=100)
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list, max_length=50
    )
    other_force = text_field(max_length=100)
    handover_notes = text_field(max_length=5000)

    def validate_order(self, value):
        if value is None:
            return None
        order = Order.objects.filter(offender=self.context["offender"], pk=value).first()
        if order is None:
            raise serializers.ValidationError("Choose one of this offender's orders.")
        return order

    def validate_conditions(self, value):
        return tuple(value)


class NewModeDecision(StrictInput):
    mode = serializers.ChoiceField(choices=ManagementMode.choices)
    reason = serializers.CharField(max_length=5000)


class NewAnnualChecks(StrictInput):
    checked_on = date_field()
    results = serializers.DictField(
        child=serializers.ChoiceField(choices=IntelligenceResult.choices),
        help_text="The result for each of pnd, pnc, visor and local",
    )
    notes = text_field(max_length=5000)


class NewReassignment(StrictInput):
    offender_manager = serializers.PrimaryKeyRelatedField(
        queryset=Staff.objects.none(), help_text="An offender manager you supervise"
    )
    reason = serializers.CharField(max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["offender_manager"].queryset = supervised_staff(
                request.user, day=timezone.localdate()
            ).filter(role=Role.OFFENDER_MANAGER, is_active=True)


class ProbationAssessmentSerializer(ReadOnlyModelSerializer):
    recorded_by = PersonSerializer()

    class Meta:
        model = ProbationAssessment
        fields = ["id", "offender", "risk_level", "assessed_on", "source", "recorded_by", "created_at"]


class NewProbationAssessment(StrictInput):
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    assessed_on = date_field()
    source = serializers.CharField(max_length=100, help_text="What the assessment is, e.g. OASys RoSH")


class ConditionCheckSerializer(ReadOnlyModelSerializer):
    checked_by = PersonSerializer()

    class Meta:
        model = ConditionCheck
        fields = ["id", "condition", "checked_on", "result", "notes", "checked_by", "outcome", "created_at"]


class NewConditionCheck(StrictInput):
    condition = id_field()
    checked_on = date_field()
    result = serializers.ChoiceField(choices=ConditionCheckResult.choices)
    notes = text_field(max_length=5000)

    def validate_condition(self, value):
        condition = OrderCondition.objects.filter(order__offender=self.context["offender"], pk=value).first()
        if condition is None:
            raise serializers.ValidationError("Choose a condition of one of this offender's orders.")
        return condition


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


class OffenderViewSet(DisclosingViewSet):
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
        require(request.user, Action.REGISTER)
        data = validated(OffenderRegistration, request)
        offender = services.offender_register(acting_user=request.user, today=timezone.localdate(), **data)
        return self.answer(self.get_queryset().get(pk=offender.pk), status=201)

    def case(self, action: Action) -> Offender:
        """The offender of the URL, if the caller may take `action` on their case: 404 if they
        may not see them, 403 if the permission table refuses them (asked here before the
        input is read; the service refuses it again, whoever calls it)."""
        offender = self.get_object()
        authorise(self.request.user, action, offender)
        return offender

    def _answer_offender(self, offender_pk: int, status: int = 200) -> Response:
        return self.answer(self.get_queryset().get(pk=offender_pk), status=status)

    @extend_schema(request=NewModeDecision, responses=OffenderSerializer)
    @action(detail=True, methods=["post"], url_path="management-mode")
    def management_mode(self, request, *args, **kwargs):
        """A supervisor moves the offender to reactive management (only when every criterion
        holds; 400 names each unmet one) or back to active management, with the reason."""
        offender = self.case(Action.SET_MANAGEMENT_MODE)
        data = validated(NewModeDecision, request)
        life_events.offender_set_management_mode(
            offender=offender, supervisor=request.user, today=timezone.localdate(), **data
        )
        return self._answer_offender(offender.pk)

    @extend_schema(request=NewAnnualChecks, responses=IntelligenceCheckSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="annual-checks")
    def annual_checks(self, request, *args, **kwargs):
        """The annual checks of a reactive case: PND, PNC, ViSOR and local systems on one date."""
        offender = self.case(Action.RECORD)
        data = validated(NewAnnualChecks, request)
        checks = services.reactive_checks_record(
            offender=offender,
            checked_by=request.user,
            checked_on=data["checked_on"],
            results=data["results"],
            notes=data["notes"],
            today=timezone.localdate(),
        )
        audit.disclosed(request, offender, kind="api intelligencecheck", recipient=api_recipient(request))
        return Response(IntelligenceCheckSerializer(checks, many=True).data, status=201)

    @extend_schema(request=NewReassignment, responses=OffenderSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, *args, **kwargs):
        """A supervisor moves the offender to another offender manager they oversee, with the
        reason; the assignment history keeps the move."""
        offender = self.case(Action.REASSIGN)
        data = validated(NewReassignment, request)
        services.offenders_reassign(
            offenders=[offender],
            offender_manager=data["offender_manager"],
            starts_on=timezone.localdate(),
            reason=data["reason"],
            acting_user=request.user,
            expected_managers={offender.pk: offender.offender_manager_id},
        )
        return self._answer_offender(offender.pk)

    @extend_schema(methods=["GET"], responses=LifeEventSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=NewLifeEvent, responses={201: LifeEventSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def events(self, request, *args, **kwargs):
        """The offender's life course, oldest first, each event with the status and lead agency it
        left (GET); record a life event (POST), which recomputes the offender's status, lead
        agency, notification, management mode and every due date at once."""
        offender = self.get_object()
        if request.method == "POST":
            authorise(request.user, Action.RECORD, offender)
            data = validated(NewLifeEvent, request, offender=offender)
            event = life_events.life_event_record(
                offender=offender,
                details=life_events.EventDetails(**data),
                acting_user=request.user,
                today=timezone.localdate(),
            )
            offender.refresh_from_db()
        rows = with_state_after(offender)
        audit.disclosed(request, offender, kind="api lifeevent", recipient=api_recipient(request))
        if request.method == "POST":
            recorded = next(row for row in rows if row.pk == event.pk)
            return Response(LifeEventSerializer(recorded).data, status=201)
        return Response(LifeEventSerializer(rows, many=True).data)

    @extend_schema(methods=["GET"], responses=ProbationAssessmentSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=NewProbationAssessment, responses={201: ProbationAssessmentSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="probation-assessments",
        pagination_class=None,
        filter_backends=[],
    )
    def probation_assessments(self, request, *args, **kwargs):
        """Probation's risk assessments (GET); record one (POST): until a police ARMS exists it is
        the offender's risk level, labelled as probation's."""
        offender = self.get_object()
        if request.method == "POST":
            authorise(request.user, Action.RECORD, offender)
            data = validated(NewProbationAssessment, request)
            assessment = services.probation_assessment_record(
                offender=offender, acting_user=request.user, today=timezone.localdate(), **data
            )
            audit.disclosed(
                request, offender, kind="api probationassessment", recipient=api_recipient(request)
            )
            return Response(ProbationAssessmentSerializer(assessment).data, status=201)
        assessments = offender.probation_assessments.select_related("recorded_by")
        audit.disclosed(request, offender, kind="api probationassessment", recipient=api_recipient(request))
        return Response(ProbationAssessmentSerializer(assessments, many=True).data)

    @extend_schema(request=NewConditionCheck, responses={201: ConditionCheckSerializer})
    @action(detail=True, methods=["post"], url_path="condition-checks")
    def condition_checks(self, request, *args, **kwargs):
        """Record a check of one condition of the offender's order: complied with, or a suspected
        breach (which is also recorded as an outcome)."""
        offender = self.case(Action.RECORD)
        data = validated(NewConditionCheck, request, offender=offender)
        check = orders.condition_check_record(acting_user=request.user, today=timezone.localdate(), **data)
        audit.disclosed(request, offender, kind="api conditioncheck", recipient=api_recipient(request))
        return Response(ConditionCheckSerializer(check).data, status=201)


# --------------------------------------------------------------------------- intelligence checks


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


class IntelligenceCheckViewSet(DisclosingViewSet):
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


class OutcomeViewSet(DisclosingViewSet):
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


# --------------------------------------------------------------------------- notifications


class NotificationSerializer(ReadOnlyModelSerializer):
    taken_by = PersonSerializer()
    recorded_by = PersonSerializer()
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = RegistrationNotification
        fields = [
            "id",
            "offender",
            "kind",
            "kind_label",
            "notified_on",
            "place",
            "taken_by",
            "changes",
            "event_on",
            "home_address",
            "no_fixed_abode",
            "details",
            "departs_on",
            "returns_on",
            "destination",
            "carrier",
            "recorded_by",
            "created_at",
        ]


class NewNotification(StrictInput):
    """A notification the offender made, as taken (`offenders.registration.NotificationContent`)."""

    offender = id_field()
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    notified_on = date_field()
    place = serializers.CharField(max_length=100, help_text="The police station where it was made")
    taken_by = id_field(required=False, help_text="The officer who took it; yourself if left out")
    changes = serializers.ListField(
        child=serializers.ChoiceField(choices=ChangeKind.choices),
        default=list,
        max_length=len(ChangeKind),
        help_text="For a change: what changed",
    )
    event_on = date_field(
        required=False, allow_null=True, default=None, help_text="The day of the change, release or return"
    )
    home_address = text_field(max_length=500)
    no_fixed_abode = serializers.BooleanField(default=False)
    details = text_field(max_length=5000)
    departs_on = date_field(required=False, allow_null=True, default=None)
    returns_on = date_field(required=False, allow_null=True, default=None)
    destination = serializers.CharField(max_length=100, allow_blank=True, default="")
    carrier = serializers.CharField(max_length=100, allow_blank=True, default="")


class NotificationFilter(OffenderRecordFilter):
    kind = filters.ChoiceFilter(choices=NotificationKind.choices)
    notified_on = filters.DateFromToRangeFilter()

    class Meta:
        model = RegistrationNotification
        fields = []


class NotificationViewSet(DisclosingViewSet):
    """The notifications registered offenders made (initial, changes, release, periodic, foreign
    travel and return), as taken at the police station."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": NewNotification}
    disclosure = "notification"

    def get_queryset(self):
        return (
            RegistrationNotification.objects.filter(offender__in=offenders_visible_to(self.request.user))
            .select_related("taken_by", "recorded_by")
            .order_by("-notified_on", "-pk")
        )

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request)
        data = validated(NewNotification, request)
        del data["offender"]
        taken_by_id = data.pop("taken_by", None)
        taken_by = request.user
        if taken_by_id is not None:
            taken_by = Staff.objects.filter(
                pk=taken_by_id, force_id=offender.force_id, is_active=True
            ).first()
            if taken_by is None:
                raise serializers.ValidationError({"taken_by": ["Choose an officer of this force."]})
        notification = registration.notification_record(
            offender=offender,
            content=NotificationContent(taken_by=taken_by, **data),
            acting_user=request.user,
            today=timezone.localdate(),
        )
        return self.answer(self.get_queryset().get(pk=notification.pk), status=201)


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


class CaseRecordInput(StrictInput):
    """What the author writes in a case record (a new one's body also names the offender, a
    change's the `row_version` read). `content` builds the kind's content value from the
    validated body: the input's fields are the value's."""

    content_class: type
    not_content = ("offender", "row_version")

    @classmethod
    def content(cls, validated_data: Mapping):
        return cls.content_class(
            **{name: value for name, value in validated_data.items() if name not in cls.not_content}
        )


class CaseRecordFilter(OffenderRecordFilter):
    status = filters.ChoiceFilter(choices=WorkflowStatus.choices)
    author = IdFilter(field_name="author_id")


class CaseRecordViewSet(DisclosingViewSet):
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
    def save_record(
        self, *, offender: Offender | None = None, record: CaseRecord | None = None, **kwargs
    ) -> CaseRecord:
        """A new draft for `offender`, or a change to the draft `record`, with the kind's content."""
        raise NotImplementedError

    def submit_record(self, record: CaseRecord, **kwargs) -> CaseRecord:
        return record_submit(record=record, **kwargs)

    def revise_record(self, record: CaseRecord, *, author) -> CaseRecord:
        return record_revise(record=record, author=author)

    def _fresh(self, record: CaseRecord) -> CaseRecord:
        return self.get_queryset().get(pk=record.pk)

    def _authors_record(self, doing: str, action: Action) -> CaseRecord:
        """The record, if the caller may change it: 404 if unseen, 403 if the permission table
        refuses them `action` on its case, or it is not their own."""
        record = self.get_object()
        authorise(self.request.user, action, record.offender)
        if record.author_id != self.request.user.pk:
            raise PermissionDenied(f"Only the author can {doing} this {record._meta.verbose_name}.")
        return record

    def create(self, request, *args, **kwargs):
        offender = offender_to_record_against(request)
        creating = self.input_serializers["create"]
        data = validated(creating, request, offender=offender, author=request.user)
        record = self.save_record(
            offender=offender,
            content=creating.content(data),
            acting_user=request.user,
            today=timezone.localdate(),
        )
        return self.answer(self._fresh(record), status=201)

    def update(self, request, *args, **kwargs):
        record = self._authors_record("change", Action.RECORD)
        changing = self.input_serializers["update"]
        data = validated(changing, request, offender=record.offender, author=record.author)
        saved = self.save_record(
            record=record,
            content=changing.content(data),
            acting_user=request.user,
            today=timezone.localdate(),
            expected_version=data["row_version"],
        )
        return self.answer(self._fresh(saved))

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Submit the draft for supervisor review (the author, with the `row_version` read)."""
        record = self._authors_record("submit", Action.SUBMIT)
        expected_version = validated(Submission, request)["row_version"]
        submitted = self.submit_record(
            record, acting_user=request.user, today=timezone.localdate(), expected_version=expected_version
        )
        return self.answer(self._fresh(submitted))

    @action(detail=True, methods=["post"])
    def revise(self, request, *args, **kwargs):
        """Start a new draft version of a returned or signed-off record; the caller is its author
        or the offender's offender manager (`offenders.case_records.may_revise`)."""
        record = self.get_object()
        authorise(request.user, Action.REVISE, record.offender)
        if not may_revise(request.user, record):
            raise PermissionDenied(
                "Only its author or the offender's offender manager can revise this "
                f"{record._meta.verbose_name}."
            )
        validated(NoInput, request)
        revision = self.revise_record(record, author=request.user)
        return self.answer(self._fresh(revision), status=201)
