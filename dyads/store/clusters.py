"""Event clusters: one row per (source, target, CAMEO code, event date, modality), GDELT's
NumMentions / NumArticles / NumSources, over the events that pass a condition.

The `event_clusters` view (db.py) and every filtered query (query.py) use this one SQL.
"""

from __future__ import annotations

# one row per (cluster_id, source, target, code, date, modality) over the events that pass `where`
_CLUSTERS = """
SELECT e.cluster_id, e.source_code, e.target_code, e.cameo, e.event_date, e.modality,
       any_value(e.root) AS root, any_value(e.plover) AS plover, any_value(e.goldstein) AS goldstein,
       any_value(e.quad_class) AS quad_class,
       mode(e.source_name) AS source_name, mode(e.target_name) AS target_name,
       count(*) AS n_mentions, count(DISTINCT e.doc_key) AS n_articles, count(DISTINCT d.outlet) AS n_sources,
       bool_or(e.is_root) AS is_root, max(e.confidence) AS confidence,
       min(e.reported) AS first_reported,
       arg_min(coalesce(d.url, d.doc_id), (coalesce(e.reported, DATE '9999-12-31'), e.doc_key, e.n)) AS first_url,
       arg_min({{'name': e.place_name, 'country': e.place_country, 'lat': e.place_lat, 'lon': e.place_lon,
                'feature': e.place_feature}}, (e.place_name IS NULL, e.doc_key, e.n)) AS place,
       min(a.coded_at) AS date_added,
       list({{'doc_key': e.doc_key, 'n': e.n, 'doc_id': d.doc_id, 'url': d.url, 'sentence': e.sentence,
             'start_char': e.start_char, 'end_char': e.end_char, 'source_start': e.source_start,
             'source_end': e.source_end, 'target_start': e.target_start, 'target_end': e.target_end,
             'confidence': e.confidence, 'chars': length(a.body), 'coded_at': a.coded_at}}
            ORDER BY e.doc_key, e.n) AS evidence
FROM events e
JOIN documents d USING (doc_key)
LEFT JOIN articles a USING (doc_key)
WHERE {where}
GROUP BY e.cluster_id, e.source_code, e.target_code, e.cameo, e.event_date, e.modality
"""


def cluster_sql(where: str = "TRUE") -> str:
    """The clusters of the events that pass `where` (a condition on `events e`)."""
    return _CLUSTERS.format(where=where)
