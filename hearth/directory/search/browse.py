"""Listing without search words: nearest first when there is an origin, else by name."""

from __future__ import annotations

import math

from hearth.directory.models import ServiceAtLocation

from .admitted import admitted_ids, is_filtered

# Boxes tried around the origin, in km: each is one range query on the location index.
RADII_KM = (2.0, 6.0, 18.0, 54.0, 162.0, 486.0)
# A filter admitting this few services is answered from their own locations directly.
FEW = 500


def _sites(using, *, ids=None, origin=None, radius_km=None):
    rows = ServiceAtLocation.objects.using(using).filter(
        location__latitude__isnull=False, location__longitude__isnull=False
    )
    if ids is not None:
        rows = rows.filter(service_id__in=ids)
    if radius_km is not None:
        from . import bounding_box

        lats, lons = bounding_box(origin, radius_km)
        rows = rows.filter(location__latitude__range=lats, location__longitude__range=lons)
    return rows.values_list("service_id", "location__latitude", "location__longitude")


def nearest(services, origin, limit: int) -> list[tuple[str, float]]:
    """(service id, km to its nearest site) for the ``limit`` nearest admitted services.

    Boxes grow around the origin until ``limit`` services have a site within the box's
    inscribed circle: nothing outside the box can be nearer than that, so the answer is
    exact, and a dense city needs one small range query instead of sorting every site."""
    from . import haversine_km

    admitted = admitted_ids(services) if is_filtered(services) else None
    using = services.db

    def best_of(rows, within=None):
        best: dict[str, float] = {}
        for sid, la, lo in rows:
            if admitted is not None and sid not in admitted:
                continue
            d = haversine_km(origin, (la, lo))
            if within is not None and d > within:
                continue
            if d < best.get(sid, math.inf):
                best[sid] = d
        return sorted(best.items(), key=lambda item: (item[1], item[0]))

    if admitted is not None and len(admitted) <= FEW:
        return best_of(_sites(using, ids=sorted(admitted)))[:limit]
    for radius in RADII_KM:
        found = best_of(_sites(using, origin=origin, radius_km=radius), within=radius)
        if len(found) >= limit:
            return found[:limit]
    return best_of(_sites(using))[:limit]


def browse(services, *, origin, limit: int) -> list[tuple]:
    """(service id, score, reasons, distance km) rows, best first."""
    from django.utils.translation import gettext as _

    if origin is None:
        ids = services.order_by("name", "id").values_list("pk", flat=True)[:limit]
        return [(sid, 0.0, (), None) for sid in ids]
    ordered = nearest(services, origin, limit)
    out = [(sid, 1.0 / (1.0 + d), (_("%(km).1f km away") % {"km": d},), d) for sid, d in ordered]
    if len(out) < limit:
        rest = (
            services.exclude(pk__in=[sid for sid, *_ in out])
            .order_by("name", "id")
            .values_list("pk", flat=True)[: limit - len(out)]
        )
        out += [(sid, 0.0, (), None) for sid in rest]
    return out
