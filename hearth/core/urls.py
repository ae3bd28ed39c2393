from django.urls import path

from hearth.core import views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("home/staff/", views.staff_home, name="staff_home"),
    path("home/community/", views.community_home, name="community_home"),
]
