from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from workforce.models import (
    Absence,
    Abstraction,
    Force,
    ForcePolicy,
    Staff,
    Team,
    TrainingRecord,
    VettingRecord,
    WellbeingScreening,
)


@admin.register(ForcePolicy)
class ForcePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "force",
        "caseload_target",
        "high_risk_share_max_percent",
        "completion_target_percent",
        "updated_at",
    ]
    list_select_related = ["force"]


class ForcePolicyInline(admin.StackedInline):
    model = ForcePolicy
    can_delete = False


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [ForcePolicyInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "force"]
    list_filter = ["force"]
    search_fields = ["name", "area"]


class AbsenceInline(admin.TabularInline):
    model = Absence
    fk_name = "staff"
    extra = 0


class VettingInline(admin.TabularInline):
    model = VettingRecord
    extra = 0


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


class WellbeingInline(admin.TabularInline):
    model = WellbeingScreening
    extra = 0


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "supervisor", "is_active"]
    list_filter = ["role", "force", "team", "is_active"]
    list_select_related = ["team", "supervisor"]
    autocomplete_fields = ["supervisor", "team"]
    fieldsets = UserAdmin.fieldsets + (
        ("MOSOVO", {"fields": ("force", "team", "role", "supervisor", "collar_number", "is_police_officer")}),
    )
    inlines = [AbsenceInline, VettingInline, TrainingInline, WellbeingInline]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["staff", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["staff"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["staff", "recorded_by"]


@admin.register(Abstraction)
class AbstractionAdmin(admin.ModelAdmin):
    list_display = ["staff", "starts_on", "ends_on", "hours", "approved_by", "reviewed_on"]
    list_select_related = ["staff", "approved_by"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["staff", "approved_by"]


@admin.register(VettingRecord)
class VettingRecordAdmin(admin.ModelAdmin):
    list_display = ["staff", "level", "granted_on", "expires_on"]
    list_filter = ["level"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["staff", "course", "completed_on"]
    list_filter = ["course"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]


@admin.register(WellbeingScreening)
class WellbeingScreeningAdmin(admin.ModelAdmin):
    list_display = ["staff", "kind", "held_on"]
    list_filter = ["kind"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]
