"""The published API description: Swagger UI at /api/docs, served from our own origin
(no CDN, no inline script) so it works offline under the site's CSP."""

from __future__ import annotations

import re

from django.test import Client


def test_docs_page_is_served_with_local_assets_only(db):
    response = Client().get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources)
    # Every script is either a local file or an inert JSON data block.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag


def test_docs_static_assets_are_served(db):
    client = Client()
    for path in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        response = client.get(f"/static/ninja/{path}")
        assert response.status_code == 200, path
        response.close()


def test_openapi_schema_describes_the_participant_operations(db):
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == {
        ("get", "/api/v1/participants"),
        ("post", "/api/v1/participants"),
        ("get", "/api/v1/participants/{public_id}"),
        ("patch", "/api/v1/participants/{public_id}"),
        ("get", "/api/v1/encounters"),
        ("post", "/api/v1/encounters"),
        ("get", "/api/v1/encounters/{public_id}"),
        ("patch", "/api/v1/encounters/{public_id}"),
        ("post", "/api/v1/encounters/{public_id}/note/sign"),
        ("post", "/api/v1/encounters/{public_id}/note/cosign"),
        ("post", "/api/v1/encounters/{public_id}/note/addenda"),
        ("get", "/api/v1/plans/{participant_id}"),
        ("post", "/api/v1/plans/{participant_id}/recovery/goals"),
        ("patch", "/api/v1/plans/{participant_id}/safety"),
        # Peer mentoring (hearth/matching)
        ("get", "/api/v1/matching/waitlist"),
        ("post", "/api/v1/matching/runs"),
        ("get", "/api/v1/matching/runs/{run_id}"),
        ("post", "/api/v1/matching/matches/{match_id}/approve"),
        ("get", "/api/v1/matching/requests/{request_id}/suggestions"),
        ("get", "/api/v1/matching/mentoring"),
        ("post", "/api/v1/matching/mentoring/{match_id}/respond"),
        ("get", "/api/v1/groups/public"),
        ("get", "/api/v1/groups/public/{group_id}"),
        ("get", "/api/v1/groups/mine"),
        ("post", "/api/v1/groups/public/{group_id}/join"),
        ("get", "/api/v1/referrals"),
        ("post", "/api/v1/referrals"),
        ("get", "/api/v1/referrals/{public_id}"),
        ("post", "/api/v1/referrals/{public_id}/transition"),
        ("get", "/api/v1/directory/search"),
        ("get", "/api/v1/directory/participants/{participant_id}/saved"),
        ("post", "/api/v1/directory/participants/{participant_id}/saved"),
        ("delete", "/api/v1/directory/participants/{participant_id}/saved/{item_id}"),
        ("post", "/api/v1/directory/services/{service_id}/corrections"),
        ("get", "/api/v1/helpline/queue"),
        ("get", "/api/v1/helpline/shifts"),
        ("post", "/api/v1/helpline/shifts"),
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    out = schema["components"]["schemas"]["ParticipantOut"]["properties"]
    assert "id" not in out and "organisation" not in out
