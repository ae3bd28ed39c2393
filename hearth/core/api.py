"""The API: django-ninja under /api/v1/, OpenAPI at /api/docs. Each app adds a router.

Errors are JSON with a ``detail`` key, whatever raised them: bad input is 422 with field
errors (from pydantic or from a service's ``full_clean``), a role without the permission
403, a record outside the user's scope 404 (as if it did not exist), no credentials 401.

The docs page is ninja's Swagger UI served from ninja's own static files ("ninja" is in
INSTALLED_APPS for that): no CDN, and no inline script, so it works offline under our
``script-src 'self'`` policy.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError

from hearth.core.api_auth import api_auth

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description=(
        "Peer recovery support records. Authenticate with a personal token "
        "(`Authorization: Bearer hth_…`) or, from the browser, your signed-in session."
    ),
    urls_namespace="api",
    auth=api_auth,
    docs=Swagger(
        settings={
            # Swagger UI would otherwise send the schema to an outside validator.
            "validatorUrl": None,
            "persistAuthorization": False,
        }
    ),
    docs_url="/docs",
    openapi_url="/v1/openapi.json",
)


#: Where a model error points. Every endpoint names its JSON body ``payload``, so a field
#: refused by the model reads like one refused by pydantic: ["body", "payload", field].
BODY_LOC = ["body", "payload"]


def field_errors(exc: ValidationError) -> list[dict[str, object]]:
    """A model ``ValidationError`` in the shape ninja gives pydantic's errors."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": BODY_LOC, "msg": message, "type": "invalid"} for message in exc.messages]
    return [
        {
            "loc": BODY_LOC if field == "__all__" else [*BODY_LOC, field],
            "msg": message,
            "type": "invalid",
        }
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": "You do not have permission to do this."}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never echo the reason: "not found" and "not yours" must read the same.
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Authentication credentials were not provided or are not valid."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(SuspiciousOperation)
def _bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE; Django would answer 400 with a page.
    return api.create_response(request, {"detail": "Bad request."}, status=400)


def _register() -> None:
    from hearth.directory.api import router as directory_router
    from hearth.encounters.api import router as encounters_router
    from hearth.groups.api import router as groups_router
    from hearth.helpline.api import router as helpline_router
    from hearth.matching.api import router as matching_router
    from hearth.participants.api import router as participants_router
    from hearth.plans.api import router as plans_router
    from hearth.referrals.api import router as referrals_router

    api.add_router("/v1/participants", participants_router)
    api.add_router("/v1/encounters", encounters_router)
    api.add_router("/v1/plans", plans_router)
    api.add_router("/v1/matching", matching_router)
    api.add_router("/v1/groups", groups_router)
    api.add_router("/v1/helpline", helpline_router)
    api.add_router("/v1/directory", directory_router)
    api.add_router("/v1/referrals", referrals_router)


_register()
