from django.urls import path

from hearth.directory import views

app_name = "directory"
urlpatterns = [
    path("participants/<uuid:pk>/", views.connect, name="connect"),
    path("participants/<uuid:pk>/save", views.save, name="save"),
    path("participants/<uuid:pk>/remove/<uuid:item_id>", views.remove, name="remove"),
    path("participants/<uuid:pk>/print/", views.print_list, name="print"),
    path("participants/<uuid:pk>/send", views.send, name="send"),
    path("services/<str:service_id>/correct/", views.suggest, name="suggest"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<uuid:correction_id>/review", views.review, name="review"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("export.zip", views.export, {"fmt": "zip"}, name="export_zip"),
]
