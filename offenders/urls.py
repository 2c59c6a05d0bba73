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
    path("offenders/<int:offender_pk>/notifications/", views.notifications_list, name="notifications"),
    path(
        "offenders/<int:offender_pk>/failed-to-notify/new/",
        views.failure_to_notify_new,
        name="failure-to-notify-new",
    ),
    path(
        "offenders/<int:offender_pk>/notifications/new/",
        views.notification_choose,
        name="notification-choose",
    ),
    path(
        "offenders/<int:offender_pk>/notifications/new/<str:kind>/",
        views.notification_new,
        name="notification-new",
    ),
    path("offenders/<int:offender_pk>/access-log/", views.access_log, name="access-log"),
    path("offenders/<int:offender_pk>/events/", views.life_events_list, name="life-events"),
    path("offenders/<int:offender_pk>/events/new/", views.life_event_choose, name="life-event-choose"),
    path("offenders/<int:offender_pk>/events/new/<str:kind>/", views.life_event_new, name="life-event-new"),
    path(
        "offenders/<int:offender_pk>/probation-assessments/new/",
        views.probation_assessment_new,
        name="probation-assessment-new",
    ),
    path("orders/<int:order_pk>/conditions/new/", views.order_condition_new, name="order-condition-new"),
    path(
        "order-conditions/<int:condition_pk>/checks/new/",
        views.condition_check_new,
        name="condition-check-new",
    ),
]
