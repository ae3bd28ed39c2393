"""Background work for participants. Tasks only call services and never carry personal
data in their arguments (ids only), since task rows are stored in the database."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_new_assignment(specialist_id: int) -> None:
    """Tell a peer specialist someone joined their caseload. The email names no one:
    the person signs in to see who."""
    from hearth.accounts.models import User

    specialist = User.objects.filter(pk=specialist_id, is_active=True).first()
    if specialist is None:
        return
    with translation.override(specialist.preferred_language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Hearth: someone new is on your caseload"),
            message=_(
                "A participant has been added to your caseload. Sign in to Hearth to see who "
                "and to plan your first contact: %(path)s"
            )
            % {"path": reverse("core:home")},
            from_email=None,
            recipient_list=[specialist.email],
        )
