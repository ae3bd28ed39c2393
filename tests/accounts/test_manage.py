from __future__ import annotations

from django.core import mail
from django.urls import reverse

from hearth.accounts.models import ApiToken, User
from hearth.core.policy import Role
from hearth.organisations.models import Programme
from tests.factories import UserFactory


def test_admin_adds_a_staff_account_and_they_get_a_password_link(world, client_for):
    response = client_for(world.users[Role.ORG_ADMIN]).post(
        reverse("accounts:user_create"),
        {
            "display_name": "Dee Walker",
            "email": "Dee@Example.org",
            "role": Role.PEER_SPECIALIST,
            "supervisor": world.users[Role.PEER_SUPERVISOR].pk,
            "credential": "CPS",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="dee@example.org")
    assert user.organisation == world.org and user.role == Role.PEER_SPECIALIST
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dee@example.org"]


def test_duplicate_email_is_a_field_error(world, client_for):
    response = client_for(world.users[Role.ORG_ADMIN]).post(
        reverse("accounts:user_create"),
        {"display_name": "Dup", "email": "specialist@example.org", "role": Role.CLINICIAN},
    )
    assert response.status_code == 400 and "email" in response.context["form"].errors


def test_admin_cannot_see_or_edit_other_organisation_accounts(world, client_for):
    foreign = UserFactory(organisation=world.other_org, role=Role.PEER_SPECIALIST)
    client = client_for(world.users[Role.ORG_ADMIN])
    assert client.get(reverse("accounts:user_edit", args=[foreign.public_id])).status_code == 404
    assert foreign.email not in client.get(reverse("accounts:users")).content.decode()


def test_admin_cannot_demote_themselves(world, client_for):
    admin = world.users[Role.ORG_ADMIN]
    response = client_for(admin).post(
        reverse("accounts:user_edit", args=[admin.public_id]),
        {
            "display_name": admin.display_name,
            "email": admin.email,
            "role": Role.PEER_SPECIALIST,
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.role == Role.ORG_ADMIN


def test_supervisor_field_only_for_peer_roles(world, client_for):
    response = client_for(world.users[Role.ORG_ADMIN]).post(
        reverse("accounts:user_create"),
        {
            "display_name": "Dr Q",
            "email": "q@example.org",
            "role": Role.CLINICIAN,
            "supervisor": world.users[Role.PEER_SUPERVISOR].pk,
        },
    )
    assert response.status_code == 400 and "supervisor" in response.context["form"].errors


def test_api_token_is_shown_once_and_stored_hashed(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(reverse("accounts:api_tokens"), {"name": "Reports"})
    key = response.context["new_key"]
    assert key.startswith("hth_")
    token = ApiToken.objects.get(name="Reports")
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert key not in client.get(reverse("accounts:api_tokens")).content.decode()
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_programme_create_edit_and_stale_edit(world, client_for):
    client = client_for(world.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        reverse("organisations:programme_create"), {"name": "Family Support", "is_active": "on"}
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Family Support")
    assert programme.organisation == world.org
    url = reverse("organisations:programme_edit", args=[programme.public_id])
    assert (
        client.post(
            url, {"name": "Family Support Circle", "is_active": "on", "version": 1}
        ).status_code
        == 302
    )
    stale = client.post(url, {"name": "Overwrite", "is_active": "on", "version": 1})
    assert stale.status_code == 400
    programme.refresh_from_db()
    assert programme.name == "Family Support Circle"


def test_programme_name_clash_is_a_field_error(world, client_for):
    response = client_for(world.users[Role.ORG_ADMIN]).post(
        reverse("organisations:programme_create"), {"name": world.programme.name.upper()}
    )
    assert response.status_code == 400 and "name" in response.context["form"].errors
