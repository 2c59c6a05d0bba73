from django.urls import path

from risk import views

urlpatterns = [
    path("offenders/<int:offender_pk>/arms/new/", views.arms_new, name="arms-new"),
    path("arms/<int:pk>/", views.arms_detail, name="arms-detail"),
    path("arms/<int:pk>/edit/", views.arms_edit, name="arms-edit"),
    path("arms/<int:pk>/revise/", views.arms_revise, name="arms-revise"),
    path("offenders/<int:offender_pk>/rmp/new/", views.rmp_new, name="rmp-new"),
    path("rmp/<int:pk>/", views.rmp_detail, name="rmp-detail"),
    path("rmp/<int:pk>/edit/", views.rmp_edit, name="rmp-edit"),
    path("rmp/<int:pk>/revise/", views.rmp_revise, name="rmp-revise"),
    path(
        "risk-management-plans/<int:pk>/authorise-later-review/",
        views.rmp_authorise_later_review,
        name="rmp-authorise-later-review",
    ),
    path("reviews/<str:kind>/<int:pk>/", views.review_record, name="review-record"),
    path("records/<str:kind>/<int:pk>/discard/", views.record_discard, name="record-discard"),
    path("offenders/<int:offender_pk>/management/", views.management_mode, name="management-mode"),
    path("teams/<int:team_pk>/import/", views.import_extract, name="import-extract"),
]
