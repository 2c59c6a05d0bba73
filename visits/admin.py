from django.contrib import admin

from offenders.admin import SignedOffIsReadOnly
from visits.models import DeviceInspection, Visit, VisitAuthorisation


class DeviceInspectionInline(admin.TabularInline):
    model = DeviceInspection
    extra = 0
    autocomplete_fields = ["device"]


@admin.register(Visit)
class VisitAdmin(SignedOffIsReadOnly, admin.ModelAdmin):
    list_display = [
        "offender",
        "visited_on",
        "outcome",
        "crew_size",
        "announced",
        "is_exception",
        "status",
        "author",
    ]
    list_filter = ["status", "outcome", "announced", "crew_size"]
    list_select_related = ["offender", "author"]
    date_hierarchy = "visited_on"
    search_fields = ["offender__reference", "offender__last_name"]
    autocomplete_fields = ["offender", "author", "co_attending_officer", "authorisation", "supersedes"]
    inlines = [DeviceInspectionInline]


@admin.register(VisitAuthorisation)
class VisitAuthorisationAdmin(admin.ModelAdmin):
    list_display = ["offender", "valid_from", "valid_to", "single_crewed", "announced", "authorised_by"]
    list_filter = ["single_crewed", "announced"]
    list_select_related = ["offender", "authorised_by"]
    search_fields = ["offender__reference", "offender__last_name"]
    autocomplete_fields = ["offender", "authorised_by"]


@admin.register(DeviceInspection)
class DeviceInspectionAdmin(admin.ModelAdmin):
    list_display = ["visit", "device", "unregistered_description", "finding"]
    list_filter = ["finding"]
    list_select_related = ["visit__offender", "device"]
    autocomplete_fields = ["visit", "device"]
