from django.urls import path

from dashboards import views

urlpatterns = [
    path("caseload/", views.my_caseload, name="caseload"),
    path("offenders/<int:pk>/", views.offender_record, name="offender-record"),
]
