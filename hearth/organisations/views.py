from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm
from hearth.organisations import selectors, services
from hearth.organisations.forms import ProgrammeForm
from hearth.organisations.models import Programme


@requires(Perm.PROGRAMMES_MANAGE)
def programme_list(request):
    return render(
        request,
        "organisations/programme_list.html",
        {"programmes": selectors.programmes_for_management(request.user)},
    )


@requires(Perm.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk=None):
    programme = selectors.get_programme_for(request.user, pk) if pk else Programme()
    form = ProgrammeForm(
        request.POST or None, instance=programme, organisation_id=request.user.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                actor=request.user,
                programme=form.save(commit=False),
                managers=form.cleaned_data["managers"],
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except services.StaleProgrammeError:
            form.add_error(
                None,
                _(
                    "Someone else changed this programme while you were editing. "
                    "Reload to see their changes."
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("organisations:programmes")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "organisations/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )
