"""The admin role manages users, teams and policy, not case records (issue 6): no offender's
data is editable here. What is: the named lists of restricted nominals (by reference), and the
s62 log, to read only."""

from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from offenders.models import AuditEvent, RestrictedViewer


@admin.register(RestrictedViewer)
class RestrictedViewerAdmin(admin.ModelAdmin):
    list_display = ["offender_reference", "staff", "granted_by", "created_at"]
    list_select_related = ["offender", "staff", "granted_by"]
    raw_id_fields = ["offender"]
    autocomplete_fields = ["staff", "granted_by"]
    search_fields = ["offender__reference", "staff__username", "staff__last_name"]

    @admin.display(description="ViSOR reference")
    def offender_reference(self, viewer):
        return viewer.offender.reference


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes log entries, here or in the database."""

    list_display = [
        "occurred_at",
        "actor_username",
        "operation",
        "offender_id",
        "record_type",
        "record_id",
        "path",
    ]
    list_filter = ["operation", "record_type"]
    search_fields = ["actor_username", "=offender_id", "path"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# API keys are issued by `manage.py api_token` and stored only as a digest: a key typed into the
# admin could never authenticate, so the admin does not offer it.
admin.site.unregister(TokenProxy)
