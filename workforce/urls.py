from django.urls import path

from workforce import views

urlpatterns = [
    path("teams/<int:pk>/availability/", views.availability, name="team-availability"),
    path("teams/<int:pk>/absences/new/", views.absence_new, name="absence-new"),
    path("teams/<int:pk>/absences/<int:absence_pk>/end/", views.absence_end, name="absence-end"),
    path("teams/<int:pk>/abstractions/new/", views.abstraction_new, name="abstraction-new"),
    path("teams/<int:pk>/abstractions/review/", views.abstractions_review, name="abstractions-review"),
]
