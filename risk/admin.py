from django.contrib import admin

from offenders.admin import SignedOffIsReadOnly
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview


class ReviewsAreWrittenByTheService:
    """Reviews are written through the review page (bespoke text, never one's own work) and
    can never be changed or deleted afterwards: the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewInline(ReviewsAreWrittenByTheService, admin.StackedInline):
    model = SupervisorReview
    extra = 0
    fields = ["reviewer", "decision", "reviewed_on", "text"]


class CaseRecordAdmin(SignedOffIsReadOnly, admin.ModelAdmin):
    list_filter = ["status"]
    list_select_related = ["offender", "author"]
    search_fields = ["offender__reference", "offender__last_name"]
    autocomplete_fields = ["offender", "author", "supersedes"]
    inlines = [ReviewInline]


@admin.register(ArmsAssessment)
class ArmsAssessmentAdmin(CaseRecordAdmin):
    list_display = ["offender", "assessed_on", "risk_level", "status", "version", "author"]
    list_filter = ["status", "risk_level"]
    date_hierarchy = "assessed_on"


@admin.register(RiskManagementPlan)
class RiskManagementPlanAdmin(CaseRecordAdmin):
    list_display = [
        "offender",
        "written_on",
        "next_review_on",
        "visit_every",
        "visit_every_unit",
        "status",
        "version",
    ]
    date_hierarchy = "written_on"


@admin.register(SupervisorReview)
class SupervisorReviewAdmin(ReviewsAreWrittenByTheService, admin.ModelAdmin):
    list_display = ["reviewer", "decision", "reviewed_on", "arms_assessment", "risk_management_plan", "visit"]
    list_filter = ["decision"]
    list_select_related = ["reviewer", "arms_assessment", "risk_management_plan", "visit"]
    date_hierarchy = "reviewed_on"
    autocomplete_fields = ["reviewer", "arms_assessment", "risk_management_plan", "visit"]
