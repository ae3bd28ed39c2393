from django.urls import reverse

from hearth.core.policy import Role


def test_specialist_sees_own_caseload_only(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.get(reverse("participants:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maria Lopez" in body
    assert "Sam Park" not in body
    assert "Jo Other" not in body
