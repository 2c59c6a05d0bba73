"""The API's ARMS assessments, risk management plans and supervisor reviews.

ARMS assessments and RMPs are case records (offenders.api.CaseRecordViewSet). A review is
written by a supervisor of a record in their queue (`risk.selectors.awaiting_review_scope`), never
of their own work, through `review_record`: signing off makes the record immutable; returning it sends it
back to its author, who revises it as a new version.
"""

from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action

from kit.api import (
    IdFilter,
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
)
from offenders.permissions import authorise
from offenders.selectors import offenders_visible_to
from risk import services
from risk.content import ArmsContent, PlanContent
from risk.forms import VISIT_EVERY_MAX
from risk.models import (
    ArmsAssessment,
    ReviewDecision,
    RiskManagementPlan,
    SupervisorReview,
    review_field,
    reviews_about,
)
from risk.selectors import KIND_OF_MODEL, REVIEWABLE, record_to_review
from rules.choices import RiskLevel, VisitRegimeUnit
from rules.due import ReviewableKind
from workforce.models import ForcePolicy
from workforce.permissions import Action

# --------------------------------------------------------------------------- ARMS assessments


class ArmsAssessmentSerializer(CaseRecordSerializer):
    class Meta:
        model = ArmsAssessment
        fields = [
            *CASE_RECORD_FIELDS,
            "assessed_on",
            "risk_level",
            "osp_c",
            "osp_i",
            "risk_factors",
            "protective_factors",
            "notes",
        ]


class ArmsFields(CaseRecordInput):
    """What the author records in an ARMS assessment (the form's fields): an `ArmsContent`."""

    content_class = ArmsContent
    assessed_on = date_field()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, help_text="The assessment's outcome")
    osp_c = serializers.ChoiceField(choices=RiskLevel.choices, allow_blank=True, default="")
    osp_i = serializers.ChoiceField(choices=RiskLevel.choices, allow_blank=True, default="")
    risk_factors = text_field()
    protective_factors = text_field()
    notes = text_field()


class NewArmsAssessment(ArmsFields):
    offender = id_field(help_text="The offender assessed: one whose case you work")


class ArmsAssessmentChange(ArmsFields):
    row_version = row_version_field()


class ArmsFilter(CaseRecordFilter):
    risk_level = filters.ChoiceFilter(choices=RiskLevel.choices)
    assessed_on = filters.DateFromToRangeFilter()

    class Meta:
        model = ArmsAssessment
        fields = []


class ArmsAssessmentViewSet(CaseRecordViewSet):
    """Submitting an ARMS makes its level the offender's current risk level."""

    model = ArmsAssessment
    serializer_class = ArmsAssessmentSerializer
    filterset_class = ArmsFilter
    input_serializers = {"create": NewArmsAssessment, "update": ArmsAssessmentChange, **CASE_RECORD_ACTIONS}
    disclosure = "armsassessment"

    def save_record(self, *, offender=None, record=None, **kwargs) -> ArmsAssessment:
        return services.arms_save(offender=offender, assessment=record, **kwargs)

    def submit_record(self, record, **kwargs) -> ArmsAssessment:
        return services.arms_submit(assessment=record, **kwargs)


# --------------------------------------------------------------------------- risk management plans


class LaterReviewSerializer(serializers.Serializer):
    authorised_by = PersonSerializer()
    authorised_on = serializers.DateField()
    reason = serializers.CharField()


class RiskManagementPlanSerializer(CaseRecordSerializer):
    later_review_authorised = serializers.SerializerMethodField(
        help_text="A supervisor's authorisation of a review date later than the force's interval"
    )

    @extend_schema_field(LaterReviewSerializer(allow_null=True))
    def get_later_review_authorised(self, plan) -> dict | None:
        authorisation = getattr(plan, "later_review", None)
        return LaterReviewSerializer(authorisation).data if authorisation else None

    class Meta:
        model = RiskManagementPlan
        fields = [
            "later_review_authorised",
            *CASE_RECORD_FIELDS,
            "written_on",
            "next_review_on",
            "visit_every",
            "visit_every_unit",
            "supervision",
            "monitoring_and_control",
            "interventions_and_treatment",
            "victim_safety_planning",
            "contingency",
        ]


class PlanFields(CaseRecordInput):
    """What the author writes in a risk management plan (the form's fields): a `PlanContent`."""

    content_class = PlanContent
    written_on = date_field()
    next_review_on = date_field(help_text="After the date of the plan")
    visit_every = serializers.IntegerField(
        min_value=1,
        max_value=VISIT_EVERY_MAX,
        allow_null=True,
        default=None,
        help_text="With its unit, or neither",
    )
    visit_every_unit = serializers.ChoiceField(choices=VisitRegimeUnit.choices, allow_blank=True, default="")
    supervision = text_field()
    monitoring_and_control = text_field()
    interventions_and_treatment = text_field()
    victim_safety_planning = text_field()
    contingency = text_field()


class NewRiskManagementPlan(PlanFields):
    offender = id_field(help_text="The offender the plan is for: one whose case you work")


class RiskManagementPlanChange(PlanFields):
    row_version = row_version_field()


class PlanFilter(CaseRecordFilter):
    written_on = filters.DateFromToRangeFilter()

    class Meta:
        model = RiskManagementPlan
        fields = []


class LaterReviewAuthorisation(StrictInput):
    reason = serializers.CharField(max_length=5000, help_text="Why the review can wait past the interval")


class RiskManagementPlanViewSet(CaseRecordViewSet):
    model = RiskManagementPlan
    serializer_class = RiskManagementPlanSerializer
    filterset_class = PlanFilter
    input_serializers = {
        "create": NewRiskManagementPlan,
        "update": RiskManagementPlanChange,
        **CASE_RECORD_ACTIONS,
    }
    disclosure = "riskmanagementplan"
    related = (*CaseRecordViewSet.related, "later_review__authorised_by")

    def save_record(self, *, offender=None, record=None, **kwargs) -> RiskManagementPlan:
        return services.rmp_save(offender=offender, plan=record, **kwargs)

    def submit_record(self, record, **kwargs) -> RiskManagementPlan:
        return services.rmp_submit(plan=record, **kwargs)

    @extend_schema(request=LaterReviewAuthorisation, responses={201: RiskManagementPlanSerializer})
    @action(detail=True, methods=["post"], url_path="authorise-later-review")
    def authorise_later_review(self, request, *args, **kwargs):
        """A supervisor authorises, with the reason, the plan's review date later than the
        force's interval for the risk level (without it the interval decides)."""
        plan = self.get_object()
        authorise(request.user, Action.AUTHORISE_LATER_REVIEW, plan.offender)
        data = validated(LaterReviewAuthorisation, request)
        services.rmp_authorise_later_review(
            plan=plan, supervisor=request.user, reason=data["reason"], today=timezone.localdate()
        )
        return self.answer(self._fresh(plan), status=201)


# --------------------------------------------------------------------------- supervisor reviews


REVIEW_RELATED = ("reviewer", "arms_assessment", "risk_management_plan", "visit")


def reviewed_record(review: SupervisorReview):
    return review.arms_assessment or review.risk_management_plan or review.visit


class ReviewSerializer(ReadOnlyModelSerializer):
    reviewer = PersonSerializer()
    record_kind = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField(help_text="The id of the ARMS, RMP or visit reviewed")
    offender = serializers.SerializerMethodField()

    class Meta:
        model = SupervisorReview
        fields = [
            "id",
            "record_kind",
            "record",
            "offender",
            "reviewer",
            "decision",
            "text",
            "reviewed_on",
            "created_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=ReviewableKind.choices))
    def get_record_kind(self, review) -> str:
        return str(KIND_OF_MODEL[type(reviewed_record(review))])

    def get_record(self, review) -> int:
        return reviewed_record(review).pk

    def get_offender(self, review) -> int:
        return reviewed_record(review).offender_id


class NewReview(StrictInput):
    record_kind = serializers.ChoiceField(choices=ReviewableKind.choices)
    record = id_field(help_text="The id of a submitted ARMS, RMP or visit in your review queue")
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    text = serializers.CharField(max_length=10_000, help_text="A bespoke written review, not initials")
    row_version = row_version_field()


class ReviewFilter(filters.FilterSet):
    record_kind = filters.ChoiceFilter(choices=ReviewableKind.choices, method="of_kind")
    offender = IdFilter(method="about_offender", help_text="Only reviews of records about this offender")
    reviewer = IdFilter(field_name="reviewer_id")
    decision = filters.ChoiceFilter(choices=ReviewDecision.choices)
    reviewed_on = filters.DateFromToRangeFilter()

    class Meta:
        model = SupervisorReview
        fields = []

    def of_kind(self, queryset, name, value):
        return queryset.filter(**{f"{review_field(REVIEWABLE[value])}__isnull": False})

    def about_offender(self, queryset, name, value):
        return queryset.filter(reviews_about(value))


class ReviewViewSet(DisclosingViewSet):
    """Reviews of records about offenders the caller may see. A supervisor writes one (POST)
    for a record in their queue, with the record's `row_version`."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    http_method_names = ["get", "post"]
    input_serializers = {"create": NewReview}
    versioned_actions = ("create",)
    disclosure = "supervisorreview"

    def get_queryset(self):
        return (
            SupervisorReview.objects.filter(reviews_about(offenders_visible_to(self.request.user)))
            .select_related(*REVIEW_RELATED)
            .order_by("-reviewed_on", "-pk")
        )

    def offender_ids(self, reviews):
        return [reviewed_record(review).offender_id for review in reviews]

    def create(self, request, *args, **kwargs):
        data = validated(NewReview, request)
        today = timezone.localdate()
        record = record_to_review(data["record_kind"], data["record"], request.user, today=today)
        if record is None:
            raise Http404("No such record awaiting your review.")
        review = services.review_record(
            record=record,
            reviewer=request.user,
            text=data["text"],
            decision=data["decision"],
            reviewed_on=today,
            policy=ForcePolicy.rules_for(record.offender.force_id),
            expected_version=data["row_version"],
        )
        # Not through get_queryset: a record in the queue may be about an offender since moved
        # out of the supervisor's sight (the queue follows the author), and its review is theirs.
        review = SupervisorReview.objects.select_related(*REVIEW_RELATED).get(pk=review.pk)
        return self.answer(review, status=201)
