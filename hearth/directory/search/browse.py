"""Listing without search words: nearest first when there is an origin, else by name."""

from __future__ import annotations

import math

from django.db.models import F

from hearth.directory.models import ServiceAtLocation


def browse(services, *, origin, limit: int) -> list[tuple]:
    """(service id, score, reasons, distance km) rows, best first."""
    from django.utils.translation import gettext as _

    from . import haversine_km

    if origin is None:
        ids = services.order_by("name", "id").values_list("pk", flat=True)[:limit]
        return [(sid, 0.0, (), None) for sid in ids]
    lat, lon = origin
    k = math.cos(math.radians(lat))
    # An equirectangular distance the database can order by; exact distances follow.
    d2 = (F("location__latitude") - lat) * (F("location__latitude") - lat) + (
        (F("location__longitude") - lon) * k
    ) * ((F("location__longitude") - lon) * k)
    rows = (
        ServiceAtLocation.objects.using(services.db)
        .filter(
            service_id__in=services.order_by().values("pk"),
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .annotate(d2=d2 * 1.0)
        .order_by("d2", "service_id")
        .values_list("service_id", "location__latitude", "location__longitude")[: limit * 4]
    )
    best: dict[str, float] = {}
    for sid, la, lo in rows:
        d = haversine_km(origin, (la, lo))
        best[sid] = min(d, best.get(sid, d))
    ordered = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
    out = [(sid, 1.0 / (1.0 + d), (_("%(km).1f km away") % {"km": d},), d) for sid, d in ordered]
    if len(out) < limit:
        rest = (
            services.exclude(pk__in=[sid for sid, *_ in out])
            .order_by("name", "id")
            .values_list("pk", flat=True)[: limit - len(out)]
        )
        out += [(sid, 0.0, (), None) for sid in rest]
    return out
