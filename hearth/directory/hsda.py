"""The HSDS 3.0 read API (HSDA) at /hsda/, following the published openapi.json.

Public, read-only, no sign-in: directory listings are public information
(docs/decisions/0032-hsda-api-public-read-only.md). Plain function views rather than the
django-ninja API at /api/v1, because HSDA fixes its own paths, parameters and response shapes
and must not require the bearer token that /api/ does. Bad parameters answer 400 with a
message per parameter, never a 500.
"""

from __future__ import annotations

import json
import math

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hearth.core.access import public
from hearth.directory import models as m
from hearth.directory.filters import DirectoryFilters, parse_filters
from hearth.directory.hsds.dump import (
    columns_of,
    organizations_full,
    services_full,
    taxonomy_term_full,
)
from hearth.directory.hsds.tables import tables
from hearth.directory.search import query_terms
from hearth.directory.selectors import find_services, services_in_order

OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
NDJSON_BATCH = 200


def _error(errors: dict[str, str], status: int = 400) -> JsonResponse:
    detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
    return JsonResponse({"detail": detail, "errors": errors}, status=status)


def _not_found() -> JsonResponse:
    return JsonResponse({"detail": _("No such record.")}, status=404)


def _page(contents: list, total: int, f: DirectoryFilters) -> JsonResponse:
    total_pages = math.ceil(total / f.per_page) if total else 0
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": f.page,
            "size": len(contents),
            "first_page": f.page == 1,
            "last_page": f.page >= total_pages,
            "empty": not contents,
            "contents": contents,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _ndjson(batches) -> StreamingHttpResponse:
    def lines():
        for batch in batches:
            for item in batch:
                yield json.dumps(item, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def _params(request: HttpRequest) -> DirectoryFilters:
    return parse_filters(request.GET)


# --- Services ---------------------------------------------------------------------------


def _service_items(services: list[m.Service], f: DirectoryFilters) -> list[dict]:
    spec = tables()
    if f.full:
        return (
            services_full(m.Service.objects.filter(pk__in=[s.pk for s in services]).order_by())
            if services
            else []
        )
    items = []
    for service in services:
        if f.minimal:
            item = {"id": service.id, "name": service.name, "status": service.status}
            if service.last_modified:
                item["last_modified"] = columns_of(service, spec["service"])["last_modified"]
        else:
            item = columns_of(service, spec["service"])
            if service.organization_id:
                item["organization"] = columns_of(service.organization, spec["organization"])
            if service.program_id:
                item["program"] = columns_of(service.program, spec["program"])
        items.append(item)
    return items


def _ordered_full(ids: list[str]) -> list[dict]:
    by_id = {d["id"]: d for d in services_full(m.Service.objects.filter(pk__in=ids))}
    return [by_id[i] for i in ids if i in by_id]


@public
@require_GET
def api_root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": OPENAPI_URL,
        }
    )


@public
@require_GET
def service_list(request: HttpRequest):
    f = _params(request)
    if f.errors:
        return _error(f.errors)
    base = m.Service.objects.select_related("organization", "program")
    if f.ndjson:
        f.page, f.per_page = 1, 10**9
        ids = find_services(base, f).ids
        return _ndjson(_items_in_batches(ids, f))
    result = find_services(base, f)
    if f.full:
        contents = _ordered_full(result.ids)
    else:
        contents = _service_items(services_in_order(result.ids, base), f)
    return _page(contents, result.total, f)


def _items_in_batches(ids: list[str], f: DirectoryFilters):
    base = m.Service.objects.select_related("organization", "program")
    for start in range(0, len(ids), NDJSON_BATCH):
        chunk = ids[start : start + NDJSON_BATCH]
        if f.full:
            yield _ordered_full(chunk)
        else:
            yield _service_items(services_in_order(chunk, base), f)


@public
@require_GET
def service_detail(request: HttpRequest, id: str) -> JsonResponse:
    found = services_full(m.Service.objects.filter(pk=id))
    if not found:
        return _not_found()
    return JsonResponse(found[0], json_dumps_params={"ensure_ascii": False})


# --- Services at locations --------------------------------------------------------------


def _sal_item(sal: m.ServiceAtLocation) -> dict:
    spec = tables()
    item = columns_of(sal, spec["service_at_location"])
    item["location"] = columns_of(sal.location, spec["location"])
    item["service"] = columns_of(sal.service, spec["service"])
    return item


@public
@require_GET
def service_at_location_list(request: HttpRequest):
    f = _params(request)
    if f.errors:
        return _error(f.errors)
    ndjson = f.ndjson
    page, per_page = f.page, f.per_page
    f.page, f.per_page = 1, 10**9
    order = {sid: i for i, sid in enumerate(find_services(m.Service.objects.all(), f).ids)}
    sals = m.ServiceAtLocation.objects.filter(service_id__in=list(order)).select_related(
        "service", "location"
    )
    if f.postcode and not f.proximity_m:
        sals = sals.filter(location__addresses__postal_code__iexact=f.postcode)
    rows = sorted(sals.values_list("id", "service_id"), key=lambda r: (order[r[1]], r[0]))
    ids = [r[0] for r in rows]
    if ndjson:

        def batches():
            for start in range(0, len(ids), NDJSON_BATCH):
                chunk = ids[start : start + NDJSON_BATCH]
                found = {s.pk: s for s in sals.filter(pk__in=chunk)}
                yield [_sal_item(found[i]) for i in chunk if i in found]

        return _ndjson(batches())
    f.page, f.per_page = page, per_page
    chunk = ids[(page - 1) * per_page : page * per_page]
    found = {s.pk: s for s in sals.filter(pk__in=chunk)}
    return _page([_sal_item(found[i]) for i in chunk if i in found], len(ids), f)


@public
@require_GET
def service_at_location_detail(request: HttpRequest, id: str) -> JsonResponse:
    sal = (
        m.ServiceAtLocation.objects.filter(pk=id)
        .select_related("service", "location")
        .prefetch_related("contacts__phones", "phones", "schedules")
        .first()
    )
    if sal is None:
        return _not_found()
    spec = tables()
    item = columns_of(sal, spec["service_at_location"])
    item["contacts"] = [columns_of(c, spec["contact"]) for c in sal.contacts.all()]
    item["phones"] = [columns_of(p, spec["phone"]) for p in sal.phones.all()]
    item["schedules"] = [columns_of(s, spec["schedule"]) for s in sal.schedules.all()]
    item["location"] = columns_of(sal.location, spec["location"])
    item["service"] = columns_of(sal.service, spec["service"])
    return JsonResponse(item, json_dumps_params={"ensure_ascii": False})


# --- Organisations and taxonomies -------------------------------------------------------


def _text_filter(qs, text: str, fields: tuple[str, ...]):
    from django.db.models import Q

    for term in query_terms(text):
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(match)
    return qs


def _simple_list(request: HttpRequest, qs, table: str, fields: tuple[str, ...], item=None):
    f = _params(request)
    if f.errors:
        return _error(f.errors)
    qs = _text_filter(qs, f.search, fields).order_by("name", "id")
    to_item = item or (lambda obj: columns_of(obj, tables()[table]))
    if f.ndjson:
        return _ndjson(
            [to_item(o) for o in qs[s : s + NDJSON_BATCH]]
            for s in range(0, qs.count(), NDJSON_BATCH)
        )
    total = qs.count()
    start = (f.page - 1) * f.per_page
    return _page([to_item(o) for o in qs[start : start + f.per_page]], total, f)


def _bool_param(request: HttpRequest, name: str) -> tuple[bool, dict]:
    value = request.GET.get(name, "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False, {}
    if value in ("true", "1", "yes"):
        return True, {}
    return False, {name: _("must be true or false")}


@public
@require_GET
def organization_list(request: HttpRequest):
    full, errors = _bool_param(request, "full")
    full_service, more = _bool_param(request, "full_service")
    errors |= more
    if errors:
        return _error(errors)
    qs = m.Organization.objects.all()
    if not (full or full_service):
        return _simple_list(request, qs, "organization", ("name", "alternate_name", "description"))

    def item(org):
        out = organizations_full(m.Organization.objects.filter(pk=org.pk))[0]
        if full_service:
            out["services"] = services_full(m.Service.objects.filter(organization=org))
        return out

    return _simple_list(
        request, qs, "organization", ("name", "alternate_name", "description"), item
    )


@public
@require_GET
def organization_detail(request: HttpRequest, id: str) -> JsonResponse:
    full_service, errors = _bool_param(request, "full_service")
    if errors:
        return _error(errors)
    found = organizations_full(m.Organization.objects.filter(pk=id))
    if not found:
        return _not_found()
    out = found[0]
    services = m.Service.objects.filter(organization_id=id)
    if full_service:
        out["services"] = services_full(services)
    else:
        out["services"] = [columns_of(s, tables()["service"]) for s in services]
    return JsonResponse(out, json_dumps_params={"ensure_ascii": False})


@public
@require_GET
def taxonomy_list(request: HttpRequest):
    return _simple_list(request, m.Taxonomy.objects.all(), "taxonomy", ("name", "description"))


@public
@require_GET
def taxonomy_detail(request: HttpRequest, id: str) -> JsonResponse:
    taxonomy = m.Taxonomy.objects.filter(pk=id).first()
    if taxonomy is None:
        return _not_found()
    return JsonResponse(columns_of(taxonomy, tables()["taxonomy"]))


@public
@require_GET
def taxonomy_term_list(request: HttpRequest):
    top_only, errors = _bool_param(request, "top_only")
    if errors:
        return _error(errors)
    qs = m.TaxonomyTerm.objects.select_related("taxonomy_detail")
    if request.GET.get("taxonomy_id"):
        qs = qs.filter(taxonomy_detail_id=request.GET["taxonomy_id"][:250])
    if request.GET.get("parent_id"):
        qs = qs.filter(parent_id=request.GET["parent_id"][:250])
    if top_only:
        qs = qs.filter(parent_id__isnull=True)
    return _simple_list(
        request, qs, "taxonomy_term", ("name", "description", "code"), taxonomy_term_full
    )


@public
@require_GET
def taxonomy_term_detail(request: HttpRequest, id: str) -> JsonResponse:
    term = m.TaxonomyTerm.objects.filter(pk=id).select_related("taxonomy_detail").first()
    if term is None:
        return _not_found()
    return JsonResponse(taxonomy_term_full(term))
