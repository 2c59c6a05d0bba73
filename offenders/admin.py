from django.contrib import admin

from mosovo.rules.choices import WorkflowStatus
from offenders.models import (
    IntelligenceCheck,
    ManagementModeChange,
    Offender,
    OffenderAssignment,
    OffenderChange,
    Order,
    OrderCondition,
    Outcome,
    RegisteredDevice,
)


class SignedOffIsReadOnly:
    """For an ARMS, RMP or visit: once signed off it is read-only here too (PostgreSQL refuses
    any change to it in any case); a correction is a new version."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == WorkflowStatus.SIGNED_OFF:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == WorkflowStatus.SIGNED_OFF:
            return False
        return super().has_delete_permission(request, obj)


class AssignmentInline(admin.TabularInline):
    model = OffenderAssignment
    extra = 0
    autocomplete_fields = ["offender_manager", "assigned_by"]


class OrderInline(admin.TabularInline):
    model = Order
    extra = 0
    show_change_link = True


class DeviceInline(admin.TabularInline):
    model = RegisteredDevice
    extra = 0


@admin.register(Offender)
class OffenderAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "last_name",
        "first_name",
        "offender_type",
        "risk_level",
        "status",
        "lead_agency",
        "management_mode",
        "team",
        "offender_manager",
    ]
    list_filter = ["force", "team", "offender_type", "risk_level", "status", "lead_agency", "management_mode"]
    list_select_related = ["team", "offender_manager"]
    search_fields = ["reference", "pnc_id", "last_name", "first_name"]
    autocomplete_fields = ["team", "offender_manager"]
    readonly_fields = [
        "risk_level",
        "notification_indefinite",
        "notification_period_months",
        "notification_ends_on",
        "indefinite_review_earliest_on",
    ]
    inlines = [AssignmentInline, OrderInline, DeviceInline]


class OrderConditionInline(admin.TabularInline):
    model = OrderCondition
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["offender", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["offender"]
    autocomplete_fields = ["offender"]
    inlines = [OrderConditionInline]


@admin.register(RegisteredDevice)
class RegisteredDeviceAdmin(admin.ModelAdmin):
    list_display = [
        "offender",
        "kind",
        "description",
        "registered_on",
        "removed_on",
        "has_monitoring_software",
    ]
    list_filter = ["kind", "has_monitoring_software"]
    search_fields = ["description", "identifier", "offender__reference"]
    list_select_related = ["offender"]
    autocomplete_fields = ["offender"]


@admin.register(IntelligenceCheck)
class IntelligenceCheckAdmin(admin.ModelAdmin):
    list_display = ["offender", "system", "checked_on", "result", "checked_by"]
    list_filter = ["system", "result"]
    list_select_related = ["offender", "checked_by"]
    date_hierarchy = "checked_on"
    autocomplete_fields = ["offender", "checked_by"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["offender", "kind", "offence_type", "occurred_on", "recorded_by"]
    list_filter = ["kind", "offence_type"]
    list_select_related = ["offender", "recorded_by"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["offender", "recorded_by"]


@admin.register(OffenderAssignment)
class OffenderAssignmentAdmin(admin.ModelAdmin):
    list_display = ["offender", "offender_manager", "starts_on", "ends_on", "reason"]
    list_select_related = ["offender", "offender_manager"]
    autocomplete_fields = ["offender", "offender_manager", "assigned_by"]


@admin.register(OrderCondition)
class OrderConditionAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "is_digital", "text"]
    list_filter = ["kind", "is_digital"]
    list_select_related = ["order__offender"]
    search_fields = ["text", "order__offender__reference"]


@admin.register(OffenderChange)
class OffenderChangeAdmin(admin.ModelAdmin):
    """The recompute outbox: rows here are waiting for the worker."""

    list_display = ["offender", "requested_at"]
    list_select_related = ["offender"]


@admin.register(ManagementModeChange)
class ManagementModeChangeAdmin(admin.ModelAdmin):
    list_display = ["offender", "mode", "changed_on", "changed_by"]
    list_filter = ["mode"]
    list_select_related = ["offender", "changed_by"]
    autocomplete_fields = ["offender", "changed_by"]
