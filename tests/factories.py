from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP

from hearth.accounts.models import User
from hearth.core.policy import Role
from hearth.organisations.models import Organisation, Programme
from hearth.participants.models import CaseAssignment, Participant

TEST_PASSWORD = "correct horse battery staple 42"  # noqa: S105
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Peer Org {n}")
    slug = factory.Sequence(lambda n: f"peer-org-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PEER_SPECIALIST

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def with_totp(obj, create, extracted, **kwargs):
        """Staff get an authenticator by default, as they would after first sign-in."""
        wants = (
            extracted
            if extracted is not None
            else obj.role
            in {
                Role.PEER_SPECIALIST,
                Role.PEER_SUPERVISOR,
                Role.CLINICIAN,
                Role.PROGRAMME_MANAGER,
                Role.ORG_ADMIN,
            }
        )
        if create and wants:
            TOTP.activate(obj, TEST_TOTP_SECRET)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")


def assign(participant: Participant, specialist: User, primary: bool = True) -> CaseAssignment:
    return CaseAssignment.objects.create(
        participant=participant, specialist=specialist, is_primary=primary
    )
