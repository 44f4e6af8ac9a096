"""Make dyads/web/static/countries-110m.geo.json, the map page's country shapes, from world-atlas.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/world_geojson.py package/countries-110m.json dyads/web/static/countries-110m.geo.json

world-atlas (ISC licence, Mike Bostock) is Natural Earth's 1:110m Admin 0 country boundaries
(public domain) as TopoJSON. This decodes its `countries` object to a GeoJSON FeatureCollection
(id: ISO 3166-1 numeric code, properties.name) with coordinates rounded to 0.01 degree, which
is finer than the 1:110m data itself. No dependency beyond the standard library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DIGITS = 2


def decode_arcs(topology: dict[str, Any]) -> list[list[list[float]]]:
    """The topology's arcs as absolute [lon, lat] points (delta-decoded and transformed when quantized)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([list(p[:2]) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    """One closed ring from arc indexes (~i: arc i reversed); shared end points kept once."""
    points: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points += arc[1:] if points else arc
    rounded = [[round(x, DIGITS), round(y, DIGITS)] for x, y in points]
    out = [p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]]
    return out


def polygon(rings: list[list[int]], arcs: list[list[list[float]]]) -> list[list[list[float]]]:
    """A polygon's rings; a ring that rounding shrank below a triangle (4 points, closed) is dropped,
    and with its outer ring the whole polygon (an islet smaller than the rounding)."""
    out = [ring(r, arcs) for r in rings]
    if not out or len(out[0]) < 4:
        return []
    return [r for r in out if len(r) >= 4]


def geometry(geom: dict[str, Any], arcs: list[list[list[float]]]) -> dict[str, Any] | None:
    """A GeoJSON geometry, or None for a country without a shape at this scale."""
    if geom["type"] == "Polygon":
        rings = polygon(geom["arcs"], arcs)
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if geom["type"] == "MultiPolygon":
        polys = [p for p in (polygon(rings, arcs) for rings in geom["arcs"]) if p]
        return {"type": "MultiPolygon", "coordinates": polys} if polys else None
    return None


def convert(topology: dict[str, Any], name: str = "countries") -> dict[str, Any]:
    arcs = decode_arcs(topology)
    features = []
    for geom in topology["objects"][name]["geometries"]:
        shape = geometry(geom, arcs)
        if shape is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geom.get("id"),
                "properties": {"name": geom.get("properties", {}).get("name")},
                "geometry": shape,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = map(Path, argv)
    collection = convert(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{target}: {len(collection['features'])} countries, {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
