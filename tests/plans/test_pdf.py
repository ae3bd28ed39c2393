"""Safety-plan and record PDFs: they render, always carry the crisis numbers, show only
what they should, and are audited as exports."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.encounters.models import Encounter, NoteStatus, ProgressNote
from hearth.organisations.models import LocalCrisisLine
from hearth.plans import services
from tests.plans.helpers import active_plan, goal


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text, via poppler's pdftotext (skipped where poppler is not installed)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    return response, body


def test_blank_safety_plan_pdf_still_has_every_crisis_number(world, client_for, tmp_path):
    LocalCrisisLine.objects.create(
        organisation=world.org, name="County Mobile Crisis", phone="555-0199"
    )
    LocalCrisisLine.objects.create(
        organisation=world.other_org, name="Harbor Line", phone="555-0123"
    )
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response, body = _get_pdf(client, reverse("plans:safety_pdf", args=[world.mine.public_id]))
    assert response["Content-Disposition"].startswith("inline")
    text = pdf_text(body, tmp_path)
    for expected in (
        "911",
        "988",
        "741741",
        "Crisis Text Line",
        "County Mobile Crisis",
        "555-0199",
    ):
        assert expected in text, expected
    assert "Harbor Line" not in text


def test_safety_plan_pdf_holds_the_plan(world, client_for, tmp_path):
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={
            "warning_signs": "Not sleeping",
            "reasons_for_living": "My garden",
            "professionals": "",
        },
        expected_version=0,
    )
    _, body = _get_pdf(
        client_for(world.users[Role.PEER_SPECIALIST]),
        reverse("plans:safety_pdf", args=[world.mine.public_id]),
    )
    text = pdf_text(body, tmp_path)
    assert "Not sleeping" in text and "My garden" in text and "988" in text
    assert "Maria" in text  # whose plan it is


def test_safety_plan_pdf_html_always_lists_the_lines(world):
    """Without poppler: check the HTML the PDF is made from, and that WeasyPrint lays it out."""
    from weasyprint import HTML

    from hearth.plans import pdf, selectors
    from hearth.plans.views import always_crisis_lines

    html = pdf.render_pdf_html(
        "plans/pdf/safety.html",
        {
            "participant": world.mine,
            "plan": None,
            "crisis_always": always_crisis_lines(),
            "local_lines": selectors.local_crisis_lines(world.mine),
            "printed_on": timezone.localdate(),
        },
    )
    assert "988" in html and "741741" in html and ">911<" in html
    assert len(HTML(string=html).render().pages) > 0


def test_pdf_never_fetches_urls_from_plan_text(world, client_for, monkeypatch):
    """Plan text is escaped; and even markup we render ourselves cannot make WeasyPrint
    fetch anything (no SSRF, no local files)."""
    from hearth.plans import pdf

    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={"warning_signs": '<img src="http://169.254.169.254/latest">'},
        expected_version=0,
    )
    html = '<p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
    import urllib.request

    fetched = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, url, *a, **k: fetched.append(url)
    )
    assert pdf.html_to_pdf(html).startswith(b"%PDF")
    _get_pdf(
        client_for(world.users[Role.PEER_SPECIALIST]),
        reverse("plans:safety_pdf", args=[world.mine.public_id]),
    )
    assert fetched == []


def test_participant_downloads_their_safety_plan(world, client_for, tmp_path):
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.own_record,
        data={"coping_strategies": "Long shower, loud music"},
        expected_version=0,
    )
    _, body = _get_pdf(client_for(world.users[Role.PARTICIPANT]), reverse("plans:mine_safety_pdf"))
    text = pdf_text(body, tmp_path)
    assert "Long shower" in text and "988" in text


def test_pdf_downloads_are_audited_as_exports(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("plans:safety_pdf", args=[world.mine.public_id])
    client.get(url)
    before = AuditEvent.objects.count()
    client.get(url)
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type) for e in events] == [(Action.EXPORT, "safety_plan")]


def test_safety_plan_pdf_in_spanish(world, client_for, tmp_path, settings):
    client = client_for(world.users[Role.PARTICIPANT])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    _, body = _get_pdf(client, reverse("plans:mine_safety_pdf"))
    text = pdf_text(body, tmp_path)
    assert "988" in text and "741741" in text


# --- the participant's whole record -----------------------------------------------------------


def _signed_note(world, participant, summary, status=NoteStatus.SIGNED):
    peer = world.users[Role.PEER_SPECIALIST]
    start = timezone.now() - timedelta(days=2)
    encounter = Encounter.objects.create(
        organisation=world.org,
        participant=participant,
        peer=peer,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
    )
    return ProgressNote.objects.create(
        encounter=encounter,
        summary=summary,
        status=status,
        signed_by=peer,
        signed_at=start + timedelta(hours=1) if status != NoteStatus.DRAFT else None,
    )


def test_record_pdf_has_details_and_plans_but_no_notes_unless_shared(world, client_for, tmp_path):
    plan = active_plan(world, world.own_record, strengths="Good with people")
    goal(world, plan, text="Get back to swimming")
    _signed_note(world, world.own_record, "Talked about the pool schedule")
    client = client_for(world.users[Role.PARTICIPANT])
    response, body = _get_pdf(client, reverse("plans:mine_record_pdf"))
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(body, tmp_path)
    assert "Pat Own" in text and "Good with people" in text and "Get back to swimming" in text
    assert "pool schedule" not in text
    assert "988" in text


def test_record_pdf_includes_signed_notes_when_the_organisation_shares_them(
    world, client_for, tmp_path
):
    world.org.share_notes_with_participants = True
    world.org.save(update_fields=["share_notes_with_participants"])
    _signed_note(world, world.own_record, "Talked about the pool schedule")
    _signed_note(world, world.own_record, "Draft words never shown", status=NoteStatus.DRAFT)
    _signed_note(world, world.mine, "Someone else's session")
    _, body = _get_pdf(client_for(world.users[Role.PARTICIPANT]), reverse("plans:mine_record_pdf"))
    text = pdf_text(body, tmp_path)
    assert "pool schedule" in text
    assert "Draft words" not in text and "Someone else" not in text


def test_record_pdf_is_audited_as_an_export(world, client_for):
    client = client_for(world.users[Role.PARTICIPANT])
    client.get(reverse("plans:mine_record_pdf"))
    before = AuditEvent.objects.count()
    client.get(reverse("plans:mine_record_pdf"))
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        (Action.EXPORT, "participant", str(world.own_record.public_id))
    ]
