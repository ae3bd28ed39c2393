"""What the group pages share: form errors from a service's ValidationError, and the
certificate PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.groups import selectors
from hearth.groups.models import Registration


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _certificate(request, registration: Registration) -> HttpResponse:
    from hearth.plans.pdf import html_to_pdf, pdf_response, render_pdf_html

    group = registration.group
    attended = selectors.attended_count(registration)
    if not group.completion_required or attended < group.completion_required:
        raise Http404
    person = (
        registration.participant.name
        if registration.participant
        else registration.user.display_name
    )
    html = render_pdf_html(
        "groups/pdf/certificate.html",
        {"group": group, "person": person, "attended": attended, "registration": registration},
        request,
    )
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="group_registration",
        object_id=str(registration.pk),
        organisation_id=group.organisation_id,
        detail="certificate",
        request=request,
    )
    return pdf_response(html_to_pdf(html), filename="certificate.pdf", inline=False)
