"""Everything under /api/: the v1 resources, the dashboard, the OpenAPI schema and its
Swagger UI (the docs view is here, not in kit.api: drf-spectacular's views read the
REST_FRAMEWORK settings as they load, and those name classes in kit.api).

Nothing is deleted through the API, so no resource routes DELETE (405); any other address
under /api/ is a 404 in the API's error format."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import include, path, re_path
from django.utils.html import format_html
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import SimpleRouter

from casework.api import OffenderDueView
from dashboards.api import DashboardView
from kit.api import NeverCached, UnknownAddress
from offenders.api import IntelligenceCheckViewSet, NotificationViewSet, OffenderViewSet, OutcomeViewSet
from risk.api import ArmsAssessmentViewSet, ReviewViewSet, RiskManagementPlanViewSet
from visits.api import VisitAuthorisationViewSet, VisitViewSet
from workforce.api import StaffViewSet, TeamViewSet

SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<link rel="icon" href="{}">
<link rel="stylesheet" href="{}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{}"></script>
<script src="{}"></script>
<script src="{}"></script>
</body>
</html>
"""


class SwaggerDocsView(NeverCached, SpectacularSwaggerSplitView):
    """Swagger UI for the schema, served from our own static files (drf-spectacular-sidecar)
    and under the site's Content-Security-Policy as it is: the page has no inline script or
    style (drf-spectacular's template has an inline <style>), and the start-up script is a
    separate response from this view (`?script`)."""

    renderer_classes = [JSONRenderer]
    url_name = "api-schema"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        parts = super().get(request, *args, **kwargs).data
        if request.GET.get("script") is not None:
            script = render_to_string(self.template_name_js, parts, request=request)
            return HttpResponse(script, content_type="application/javascript; charset=utf-8")
        page = format_html(
            SWAGGER_PAGE,
            parts["title"],
            parts["favicon_href"],
            parts["swagger_ui_css"],
            parts["swagger_ui_bundle"],
            parts["swagger_ui_standalone"],
            parts["script_url"],
        )
        return HttpResponse(page, content_type="text/html; charset=utf-8")


class SchemaView(NeverCached, SpectacularAPIView):
    """The OpenAPI 3 schema: JSON unless YAML is asked for (`?format=yaml`), and its errors
    JSON in the one format like every other answer under /api/."""

    renderer_classes = [JSONRenderer, OpenApiYamlRenderer]


router = SimpleRouter()
router.register("offenders", OffenderViewSet, basename="api-offender")
router.register("visits", VisitViewSet, basename="api-visit")
router.register("visit-authorisations", VisitAuthorisationViewSet, basename="api-visit-authorisation")
router.register("arms-assessments", ArmsAssessmentViewSet, basename="api-arms-assessment")
router.register("risk-management-plans", RiskManagementPlanViewSet, basename="api-risk-management-plan")
router.register("reviews", ReviewViewSet, basename="api-review")
router.register("intelligence-checks", IntelligenceCheckViewSet, basename="api-intelligence-check")
router.register("outcomes", OutcomeViewSet, basename="api-outcome")
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("teams", TeamViewSet, basename="api-team")
router.register("staff", StaffViewSet, basename="api-staff")

urlpatterns = [
    path("v1/dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("v1/offenders/<str:pk>/due/", OffenderDueView.as_view(), name="api-offender-due"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerDocsView.as_view(), name="api-docs"),
    re_path(r"^", UnknownAddress.as_view()),
]
