from django.urls import path

from hearth.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<uuid:pk>/", views.public_detail, name="public_detail"),
    path("<uuid:pk>/calendar.ics", views.group_ics, name="group_ics"),
    path("<uuid:pk>/join/", views.join, name="join"),
    path("programme/<uuid:pk>/calendar.ics", views.programme_ics, name="programme_ics"),
    path("feed/<str:token>.ics", views.person_ics, name="person_ics"),
    path("mine/", views.mine, name="mine"),
    path("mine/calendar-link/", views.calendar_link, name="calendar_link"),
    path("mine/<uuid:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("registration/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registration/<int:pk>/reminders/", views.registration_channel, name="registration_channel"
    ),
    path(
        "registration/<int:pk>/certificate.pdf", views.staff_certificate, name="staff_certificate"
    ),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/<uuid:pk>/", views.detail, name="detail"),
    path("manage/<uuid:pk>/edit/", views.edit, name="edit"),
    path("manage/<uuid:pk>/curriculum/", views.curriculum_add, name="curriculum_add"),
    path(
        "manage/<uuid:pk>/curriculum/<int:position>/",
        views.curriculum_edit,
        name="curriculum_edit",
    ),
    path(
        "manage/<uuid:pk>/curriculum/<int:position>/remove/",
        views.curriculum_remove,
        name="curriculum_remove",
    ),
    path("manage/<uuid:pk>/register/", views.register, name="register"),
    path("manage/<uuid:pk>/attendance/", views.attendance, name="attendance"),
    path("participant/<uuid:pk>/", views.participant_attendance, name="participant_attendance"),
    path("session/<uuid:pk>/", views.roster, name="roster"),
    path("session/<uuid:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("session/<uuid:pk>/move/", views.session_move, name="session_move"),
    path("session/<uuid:pk>/mark/<int:registration>/", views.mark, name="mark"),
    path("session/<uuid:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("session/<uuid:pk>/note/", views.group_note, name="note"),
    path("session/<uuid:pk>/note/cosign/", views.cosign_review, name="cosign_review"),
    path("session/<uuid:pk>/note/cosign/confirm/", views.note_cosign, name="note_cosign"),
]
