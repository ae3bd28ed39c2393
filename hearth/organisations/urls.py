from django.urls import path

from hearth.organisations import views

app_name = "organisations"
urlpatterns = [
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<uuid:pk>/", views.programme_edit, name="programme_edit"),
]
