"""Helpers for paged lists."""

from __future__ import annotations

from django.http import HttpRequest


def querystring_without_page(request: HttpRequest) -> str:
    """The request's query string minus ``page``: what the pagination links add their page
    number to, so they keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
