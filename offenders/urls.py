from django.urls import path

from offenders import views

urlpatterns = [
    path(
        "offenders/<int:offender_pk>/intelligence-checks/new/",
        views.intelligence_check_new,
        name="intelligence-check-new",
    ),
    path(
        "offenders/<int:offender_pk>/intelligence-checks/annual/",
        views.reactive_checks_new,
        name="reactive-checks-new",
    ),
    path("offenders/<int:offender_pk>/outcomes/new/", views.outcome_new, name="outcome-new"),
    path("offenders/<int:offender_pk>/access-log/", views.access_log, name="access-log"),
]
