"""Building blocks for the permission matrix (tests/core/test_permission_matrix.py).

Each app lists its routes in ``tests/<app>/matrix_rows.py`` as ``ROWS = {url_name: (method,
kwargs_builder, row(...))}``; ``kwargs_builder`` is None or a function ``(world) -> dict``
that creates whatever object the route needs. The matrix test merges every app's rows."""

from __future__ import annotations

from hearth.core.policy import Role

ANON = "anonymous"
P, CM, CL = Role.PARTICIPANT, Role.COMMUNITY_MEMBER, Role.CLINICIAN
SP, SU, PM, OA = Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN
ROLES = [ANON, P, CM, CL, SP, SU, PM, OA]


def row(anon, participant, community, clinician, specialist, supervisor, manager, admin):
    """Expected status per role, in the order of ``ROLES``. 302 for anonymous = sign in."""
    values = [anon, participant, community, clinician, specialist, supervisor, manager, admin]
    return dict(zip(ROLES, values, strict=True))
