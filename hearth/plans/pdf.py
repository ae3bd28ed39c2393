"""PDFs made with WeasyPrint: the safety plan (to print, or keep on a phone) and a
participant's own record (right of access).

WeasyPrint is given HTML we rendered ourselves and a stylesheet read from disk. Its URL
fetcher refuses every URL, so text a person typed into a plan can never make the server
fetch anything (no server-side request forgery, no local files, no network).

System libraries WeasyPrint needs on Debian/Ubuntu: libpango-1.0-0, libpangoft2-1.0-0,
libharfbuzz0b, libharfbuzz-subset0, libfontconfig1, and a font (fonts-dejavu-core).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STYLESHEET = Path(__file__).with_name("pdf.css")


@cache
def _weasyprint():
    """WeasyPrint, imported on first use (it is slow to import, and only PDF pages need
    it), with its step-by-step progress log kept out of the server log."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every URL: a plan PDF needs nothing outside the HTML we pass in."""

        def fetch(self, url, headers=None):
            raise ValueError("external resources are not fetched for plan PDFs")

    css = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=NoFetching())
    return weasyprint, NoFetching, css


def render_pdf_html(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> str:
    """The HTML a PDF is made from (tests read it to check what the PDF says)."""
    return render_to_string(template_name, context, request=request)


def html_to_pdf(html: str) -> bytes:
    weasyprint, no_fetching, css = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=no_fetching(), base_url="about:blank")
    return document.write_pdf(stylesheets=[css])


def pdf_response(pdf: bytes, *, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal health information: never kept by browsers or shared caches.
    response["Cache-Control"] = "no-store, private"
    return response
