"""/find-help/ — the public "Find help" pages (no sign-in)."""

app_name = "find_help"
urlpatterns: list = []
