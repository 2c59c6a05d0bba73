from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboards.api import DashboardView
from mosovo import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("", include("dashboards.urls")),
    path("", include("offenders.urls")),
    path("", include("visits.urls")),
    path("", include("risk.urls")),
    path("", include("workforce.urls")),
]
