"""The API: django-ninja under /api/v1/, OpenAPI at /api/docs. Each app adds a router."""

from __future__ import annotations

from ninja import NinjaAPI

from hearth.core.api_auth import api_auth

api = NinjaAPI(
    title="Hearth API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url="/docs",
    openapi_url="/v1/openapi.json",
)


def _register() -> None:
    from hearth.participants.api import router as participants_router

    api.add_router("/v1/participants", participants_router)


_register()
