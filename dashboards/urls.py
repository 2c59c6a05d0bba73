from django.urls import path

from dashboards import dashboard_views

urlpatterns = [
    path("dashboards/", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboards/reconciliation/", dashboard_views.reconciliation, name="dashboard-reconciliation"),
    path("dashboards/records/<str:kind>/", dashboard_views.dashboard_list, name="dashboard-list"),
]
