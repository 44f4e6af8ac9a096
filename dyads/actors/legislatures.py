"""Legislatures by name: whether "Congress", "the Senate" or "Representative X" is the American
one or the story's own country's (used by actors/resolution.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from dyads.actors.matching import Atom, Found

US_PARTIES = {"Democratic", "Republican"}


def congress_title(doc: Doc, sectors: list[Atom], span: Span) -> bool:
    """A capitalized "Representative" right before a person's name is a member of a congress."""
    last = sectors[-1] if sectors else None
    if last is None or doc[last.start].text not in ("Representative", "Rep."):
        return False
    return last.end < len(doc) and doc[last.end].ent_type_ == "PERSON" and last.end < span.end


# states whose legislature (or a chamber of it) is called Congress or Senate
_CONGRESSES = {"USA", "PHL", "COL", "PER", "GTM", "MEX", "CHL", "ARG", "BRA", "HND", "PRY", "ESP", "DOM", "FSM"}
_SENATES = _CONGRESSES - {"GTM", "HND", "PER", "FSM"} | {
    "AUS", "CAN", "ITA", "FRA", "NGA", "KEN", "POL", "CZE", "PAK", "IRL", "BEL", "NLD", "ROU", "BOL", "URY",
    "LBR", "ZAF", "ZWE", "JAM", "TTO", "HTI", "KHM", "THA", "JOR", "MYS", "BHR", "DZA", "MAR", "EGY", "SVN",
    "RWA", "BDI", "CMR", "COG", "COD", "GAB", "MDG", "SWZ", "LSO", "BHS", "BLZ", "GRD", "LCA", "ATG", "BRB",
    "AUT", "DEU", "CHE", "PLW", "KAZ", "UZB", "SDN",
}  # fmt: skip


def american_body(span: Span, country: str | None, earlier: list[Found]) -> bool:
    """ "Congress", "the Senate", "the administration" in a story about a country that has no such
    body, once the United States is named: the American one."""
    head = span[-1]
    if country in (None, "USA") or not any(f.mention.country == "USA" for f in earlier):
        return False
    if head.text == "Congress":
        return country not in _CONGRESSES
    if head.text == "Senate":
        return country not in _SENATES
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return head.lower_ == "administration" and (
        span[0].lower_ == "the" and len(span) == 2 or len(span) == 1 and before == "this"  # "this administration"
    )
