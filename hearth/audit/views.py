from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from hearth.audit.forms import AuditFilterForm
from hearth.audit.models import Action
from hearth.audit.selectors import audit_events_for
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.paging import querystring_without_page
from hearth.core.policy import Perm

EXPORT_COLUMNS = [
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "detail",
    "channel",
    "ip_address",
    "prev_hash",
    "hash",
]


@requires(Perm.AUDIT_VIEW)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    events = audit_events_for(request.user, **form.filters())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "querystring": querystring_without_page(request)},
    )


class _Echo:
    def write(self, value):
        return value


@requires(Perm.AUDIT_EXPORT)
def audit_export(request):
    """CSV of the filtered events, hashes included, so an auditor can re-verify the chain.
    The export itself is an audited action."""
    form = AuditFilterForm(request.GET or None)
    events = audit_events_for(request.user, **form.filters()).order_by("seq")
    audit_record(
        actor=request.user, action=Action.EXPORT, object_type="audit", detail="csv", request=request
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow([getattr(e, c) for c in EXPORT_COLUMNS])

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="hearth-audit-{stamp}.csv"'
    return response
