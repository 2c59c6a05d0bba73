from django.urls import path

from visits import views

urlpatterns = [
    path("offenders/<int:offender_pk>/visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/submit/", views.visit_submit, name="visit-submit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/revise/", views.visit_revise, name="visit-revise"),
    path(
        "offenders/<int:offender_pk>/visit-authorisations/new/",
        views.authorisation_new,
        name="visit-authorisation-new",
    ),
]
