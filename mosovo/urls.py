from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kit import signin
from kit.views import healthz


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: GOV.UK Frontend's, as the asset build
    copies it into static/build/assets/images/."""
    return redirect(static("assets/images/favicon.ico"), permanent=True)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/two-factor/", signin.two_factor, name="two-factor"),
    path("accounts/two-factor/set-up/", signin.two_factor_set_up, name="two-factor-set-up"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One sign-in for everyone: the admin's own form sends people to ours (then the code step).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
    path("admin/", admin.site.urls),
    # The REST API (v1 resources, dashboard, OpenAPI schema and docs): mosovo/api_urls.py.
    path("api/", include("mosovo.api_urls")),
    path("", include("casework.urls")),
    path("", include("dashboards.urls")),
    path("", include("offenders.urls")),
    path("", include("visits.urls")),
    path("", include("risk.urls")),
    path("", include("workforce.urls")),
]
