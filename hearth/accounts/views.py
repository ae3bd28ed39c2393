from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts import selectors, services
from hearth.accounts.forms import ApiTokenForm, UserForm
from hearth.accounts.models import User
from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, Role


@requires(Perm.USERS_MANAGE)
def user_list(request):
    search = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page = Paginator(selectors.users_for(request.user, search=search, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "q": search, "role": role, "roles": Role.choices},
    )


@requires(Perm.USERS_MANAGE)
@require_http_methods(["GET", "POST"])
def user_edit(request, pk=None):
    target = (
        selectors.get_user_for(request.user, pk)
        if pk
        else User(organisation_id=request.user.organisation_id)
    )
    created = pk is None
    form = UserForm(
        request.POST or None, instance=target, organisation_id=request.user.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        if (
            not created
            and target.pk == request.user.pk
            and form.cleaned_data["role"] != Role.ORG_ADMIN
        ):
            form.add_error("role", _("You cannot remove your own admin role."))
        else:
            try:
                user = services.user_save(
                    actor=request.user,
                    user=form.save(commit=False),
                    created=created,
                    request=request,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if created:
                    # The person chooses their own password from the emailed link.
                    reset = ResetPasswordForm({"email": user.email})
                    if reset.is_valid():
                        reset.save(request)
                    messages.success(
                        request, _("Account created. We emailed them a link to choose a password.")
                    )
                else:
                    messages.success(request, _("Account saved."))
                return redirect("accounts:users")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "target": target, "creating": created},
        status=status,
    )


@requires(Perm.API_TOKENS_MANAGE)
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            actor=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": selectors.api_tokens_for(request.user), "new_key": new_key},
        status=status,
    )


@requires(Perm.API_TOKENS_MANAGE)
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(
        selectors.api_tokens_for(request.user), pk=pk, revoked_at__isnull=True
    )
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked. Anything using it stops working now."))
    return redirect("accounts:api_tokens")
