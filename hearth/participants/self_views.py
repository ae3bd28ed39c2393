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
