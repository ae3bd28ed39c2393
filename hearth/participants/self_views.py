"""Pages for participants themselves."""

from __future__ import annotations

from django.shortcuts import render

from hearth.core.access import requires
from hearth.core.policy import Perm
from hearth.participants import selectors, services


@requires(Perm.OWN_RECORD_VIEW)
def participant_home(request):
    record = selectors.get_own_participant_record(request.user)
    if record is not None:
        services.participant_record_view(actor=request.user, participant=record, request=request)
    return render(request, "participants/self_home.html", {"record": record})


@requires(Perm.OWN_RECORD_VIEW)
def participant_own_record_download(request):
    """Right of access (HIPAA): a participant downloads their own record, electronically,
    at any time. The download is audited like any other export."""
    import json

    from django.http import Http404, HttpResponse
    from django.utils import timezone

    from hearth.participants.services import EDITABLE_FIELDS
    from hearth.plans.selectors import plans_as_data

    record = selectors.get_own_participant_record(request.user)
    if record is None:
        raise Http404
    services.participant_export_record(actor=request.user, count=1, request=request)
    data = {field: getattr(record, field) for field in EDITABLE_FIELDS}
    data.update(
        {
            "status": record.status,
            "programmes": [p.name for p in record.programmes.all()],
            "peer_specialists": [
                {"name": a.specialist.display_name, "primary": a.is_primary}
                for a in record.active_assignments
            ],
            "plans": plans_as_data(record),
            "record_created": record.created_at,
            "downloaded_at": timezone.now(),
        }
    )
    body = json.dumps(data, indent=2, default=str, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-hearth-record.json"'
    return response
