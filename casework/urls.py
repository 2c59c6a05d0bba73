from django.urls import path

from casework import supervisor_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("caseload/", views.my_caseload, name="caseload"),
    path("failed-to-notify/", views.failed_to_notify, name="failed-to-notify"),
    path("offenders/<int:pk>/", views.offender_record, name="offender-record"),
    path("reviews/", supervisor_views.queue, name="review-queue"),
    path("teams/", supervisor_views.team_list, name="team-list"),
    path("teams/<int:pk>/", supervisor_views.team_detail, name="team-detail"),
    path(
        "teams/<int:team_pk>/officers/<int:staff_pk>/",
        supervisor_views.officer_caseload,
        name="officer-caseload",
    ),
    path("teams/<int:pk>/rebalance/", supervisor_views.rebalance, name="rebalance"),
    path("teams/<int:pk>/visit-crewing/", supervisor_views.visit_crewing, name="visit-crewing"),
    path("reassign/", supervisor_views.reassign, name="reassign"),
]
