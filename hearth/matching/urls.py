from django.urls import path

from hearth.matching.views import coordinator as c
from hearth.matching.views import people as p

app_name = "matching"
urlpatterns = [
    # Coordinators
    path("", c.waitlist, name="waitlist"),
    path("run/", c.run, name="run"),
    path("runs/<uuid:pk>/", c.run_detail, name="run_detail"),
    path("runs/<uuid:pk>/approve/", c.run_approve, name="run_approve"),
    path("add/", c.request_new, name="request_new"),
    path("requests/<uuid:pk>/", c.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/edit/", c.request_edit, name="request_edit"),
    path("requests/<uuid:pk>/offer/<uuid:mentor_id>/", c.request_offer, name="request_offer"),
    path("matches/<uuid:pk>/", c.match_detail, name="match_detail"),
    path("matches/<uuid:pk>/set-aside/", c.match_set_aside, name="match_set_aside"),
    path("matches/<uuid:pk>/accepted/<str:side>/", c.match_record_accept, name="match_accept"),
    path("matches/<uuid:pk>/end/", c.match_end, name="match_end"),
    path("outcomes/", c.outcomes, name="outcomes"),
    path("mentors/", c.mentors, name="mentors"),
    path("mentors/new/", c.mentor_edit, name="mentor_new"),
    path("mentors/<uuid:pk>/edit/", c.mentor_edit, name="mentor_edit"),
    path("weights/<uuid:pk>/", c.programme_weights, name="programme_weights"),
    # Mentors
    path("mentoring/", p.mentoring, name="mentoring"),
    path("mentoring/<uuid:pk>/respond/", p.mentoring_respond, name="mentoring_respond"),
    # Participants
    path("mine/", p.mine, name="mine"),
    path("mine/choose/<uuid:mentor_id>/", p.mine_choose, name="mine_choose"),
    path("mine/<uuid:pk>/respond/", p.mine_respond, name="mine_respond"),
]
