from django.urls import path

from visits import views

urlpatterns = [
    path("offenders/<int:offender_pk>/visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/submit/", views.visit_submit, name="visit-submit"),
]
