from django.urls import path

from hearth.plans import self_views, views

app_name = "plans"
urlpatterns = [
    # The participant's own plans ("mine" is not a UUID, so it never meets the routes below).
    path("mine/recovery/", self_views.own_recovery_plan, name="mine_recovery"),
    path("mine/recovery/agree/", self_views.own_recovery_plan_agree, name="mine_recovery_agree"),
    path("mine/wellness/", self_views.own_wellness_plan, name="mine_wellness"),
    path("mine/safety/", self_views.own_safety_plan, name="mine_safety"),
    path("mine/safety.pdf", self_views.own_safety_plan_pdf, name="mine_safety_pdf"),
    path("mine/record.pdf", self_views.own_record_pdf, name="mine_record_pdf"),
    # Staff pages, per participant.
    path("<uuid:pk>/recovery/", views.recovery_plan, name="recovery"),
    path("<uuid:pk>/recovery/new/", views.recovery_plan_new, name="recovery_new"),
    path("<uuid:pk>/recovery/edit/", views.recovery_plan_edit, name="recovery_edit"),
    path("<uuid:pk>/recovery/reviewed/", views.recovery_plan_reviewed, name="recovery_reviewed"),
    path("<uuid:pk>/recovery/agreed/", views.recovery_plan_acknowledge, name="recovery_agreed"),
    path(
        "<uuid:pk>/recovery/archive/<uuid:plan_id>/",
        views.recovery_plan_archived,
        name="recovery_archived",
    ),
    path("<uuid:pk>/recovery/goals/new/", views.goal_add, name="goal_add"),
    path("<uuid:pk>/recovery/goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("<uuid:pk>/recovery/goals/<int:goal_id>/steps/", views.step_add, name="step_add"),
    path(
        "<uuid:pk>/recovery/goals/<int:goal_id>/progress/",
        views.progress_add,
        name="progress_add",
    ),
    path("<uuid:pk>/recovery/steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path("<uuid:pk>/wellness/", views.wellness_plan, name="wellness"),
    path("<uuid:pk>/wellness/edit/", views.wellness_plan_edit, name="wellness_edit"),
    path("<uuid:pk>/safety/", views.safety_plan, name="safety"),
    path("<uuid:pk>/safety/edit/", views.safety_plan_edit, name="safety_edit"),
    path("<uuid:pk>/safety.pdf", views.safety_plan_pdf, name="safety_pdf"),
]
