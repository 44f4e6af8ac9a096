"""CSV for every list endpoint: the rows and columns of its JSON, nested fields flattened (docs/web.md).

A list endpoint's JSON holds its rows in one list (`events`, `dyads`, `buckets`...); with
`?format=csv` the same rows come back as CSV, one column per field in the order of the
response model, a nested object's fields as `parent.field` (`source.code`, `place.lat`).
A null is an empty cell, a boolean `true`/`false`, a list its JSON. The envelope's numbers
(`total`, `next_offset`) travel as headers (`X-Total-Count`, `X-Next-Offset`).
"""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Iterable, Mapping
from typing import Any, Union, get_args, get_origin

from fastapi.responses import Response
from pydantic import BaseModel

CSV_TYPE = "text/csv; charset=utf-8"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel inside an annotation (`PlaceOut | None` -> PlaceOut), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        found = [m for m in map(_model_of, get_args(annotation)) if m is not None]
        return found[0] if len(found) == 1 else None
    return None


def columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The CSV header of a row model: its fields in order, a nested model's as `parent.field`."""
    out: list[str] = []
    for name, field in model.model_fields.items():
        inner = _model_of(field.annotation)
        out += columns(inner, f"{prefix}{name}.") if inner else [f"{prefix}{name}"]
    return out


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON row as one level: {"source": {"code": "IRN"}} -> {"source.code": "IRN"}."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def cell(value: Any) -> str:
    """How a JSON value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(model: type[BaseModel], rows: Iterable[BaseModel]) -> str:
    """CSV text of response-model rows, with the model's header (written even when there is no row)."""
    header = columns(model)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        flat = flatten(row.model_dump(mode="json"))
        writer.writerow([cell(flat.get(name)) for name in header])
    return buf.getvalue()


def csv_response(
    model: type[BaseModel],
    rows: Iterable[BaseModel],
    name: str,
    *,
    total: int | None = None,
    next_offset: int | None = None,
) -> Response:
    """A text/csv download of `rows`, with the envelope's numbers as headers."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    if total is not None:
        headers["X-Total-Count"] = str(total)
    if next_offset is not None:
        headers["X-Next-Offset"] = str(next_offset)
    return Response(to_csv(model, rows), media_type=CSV_TYPE, headers=headers)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows as JSON, or as CSV with format=csv",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}
