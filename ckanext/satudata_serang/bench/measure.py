"""Time ``package_search`` against a bare-SQL floor, and report the figures.

Each query type runs through CKAN's own action (the path a web request takes, with
permission labels) and as one hand-written statement over ``satudata_search_entry``
sent with psycopg2 (the floor: the same filters, labels, page, count and facets, with
none of CKAN's work around it). The two run interleaved so drift hits both alike.

The report functions at the top are pure; CKAN is imported only by ``run``.
"""

from __future__ import annotations

import json
import math
import secrets
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

DEFAULT_FACETS = ("organization", "groups", "tags", "res_format", "license_id")
THREE_FACETS = ("organization", "tags", "res_format")
# Rotated over the free-text iterations: common words (kecamatan ≈ 60 % of datasets,
# penduduk ≈ 18 %) and rare ones (jalan rusak, mangrove ≈ 1 %).
TERMS = (
    "penduduk",
    "kecamatan",
    "sekolah",
    "puskesmas",
    "pajak hotel",
    "sampah",
    "stunting",
    "umkm",
    "jalan rusak",
    "banjir",
    "imunisasi",
    "mangrove",
)
ROWS = 20
FACET_LIMIT = 50
SORT = "score desc, metadata_modified desc"
MEMBER_NAME = "bench-anggota-opd"
MEMBER_ORGANIZATIONS = ("dinkes", "disdikbud", "dinsos")
FILTER = (("organization", "dinkes"), ("res_format", "CSV"))
# Targets of the issue, p50 of a query with facets on this 2-core machine.
TARGETS_MS = ((20_000, 50.0), (math.inf, 200.0))


@dataclass(frozen=True)
class QueryCase:
    key: str
    label: str
    free_text: bool
    facets: tuple[str, ...]
    filters: tuple[tuple[str, str], ...] = ()
    start: int = 0


CASES = (
    QueryCase("landing", "Halaman /dataset (5 facet)", False, DEFAULT_FACETS),
    QueryCase("teks", "Teks bebas", True, ()),
    QueryCase("teks_facet", "Teks bebas + 3 facet", True, THREE_FACETS),
    QueryCase("filter", "OPD + format (5 facet)", False, DEFAULT_FACETS, FILTER),
    QueryCase("halaman_dalam", "Halaman dalam start=5000", False, DEFAULT_FACETS, start=5000),
)
AUDIENCES = (("anonim", ""), ("anggota", MEMBER_NAME))


def target_ms(size: int) -> float:
    return next(target for limit, target in TARGETS_MS if size <= limit)


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p50 is the median's lower neighbour for even n)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def term_for(case: QueryCase, iteration: int) -> str:
    return TERMS[iteration % len(TERMS)] if case.free_text else ""


def search_params(case: QueryCase, term: str) -> dict[str, Any]:
    """``package_search`` parameters as the /dataset page sends them."""
    fq = " ".join(["+dataset_type:dataset", *(f'{f}:"{v}"' for f, v in case.filters)])
    params: dict[str, Any] = {
        "q": term,
        "fq": fq,
        "rows": ROWS,
        "start": case.start,
        "sort": SORT,
        "include_private": True,
    }
    if case.facets:
        params["facet.field"] = json.dumps(list(case.facets))
    return params


def floor_statement(
    case: QueryCase, term: str, labels: Sequence[str], text_config: str
) -> tuple[str, dict[str, Any]]:
    """The hand-written single statement: match set once, then page, count, facets."""
    params: dict[str, Any] = {
        "labels": list(labels),
        "rows": ROWS,
        "start": case.start,
        "config": text_config,
        "term": term,
        "tokens": [f"{f}:{v}" for f, v in case.filters],
        "prefixes": [f"{f}:%" for f in case.facets],
        "facet_limit": FACET_LIMIT,
    }
    text_from = ", plainto_tsquery(CAST(%(config)s AS regconfig), %(term)s) AS q" if term else ""
    score = "ts_rank_cd(e.search_vector, q)" if term else "CAST(1 AS real)"
    where = [
        "e.state = 'active'",
        "e.dataset_type = 'dataset'",
        "e.permission_labels && CAST(%(labels)s AS text[])",
    ]
    if term:
        where.append("e.search_vector @@ q")
    if case.filters:
        where.append("e.tokens @> CAST(%(tokens)s AS text[])")
    facets = "SELECT NULL::text, NULL::text, 0::bigint WHERE FALSE"
    if case.facets:
        facets = """
            SELECT field, value, n FROM (
                SELECT split_part(t, ':', 1) AS field, substr(t, strpos(t, ':') + 1) AS value,
                       count(*) AS n,
                       row_number() OVER (PARTITION BY split_part(t, ':', 1)
                                          ORDER BY count(*) DESC, 2) AS rn
                FROM m, unnest(m.tokens) AS t
                WHERE t LIKE ANY (CAST(%(prefixes)s AS text[]))
                GROUP BY 1, 2) x
            WHERE rn <= %(facet_limit)s"""
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT e.id, e.tokens, {score} AS score, e.metadata_modified
            FROM satudata_search_entry e{text_from}
            WHERE {" AND ".join(where)}
        ),
        page AS (
            SELECT id, score, metadata_modified FROM m
            ORDER BY score DESC, metadata_modified DESC NULLS LAST, id
            LIMIT %(rows)s OFFSET %(start)s
        ),
        f (field, value, n) AS ({facets})
        SELECT (SELECT count(*) FROM m),
               (SELECT coalesce(json_agg(d.fields -> 'validated_data_dict'
                                         ORDER BY p.score DESC, p.metadata_modified DESC, p.id), '[]')
                FROM page p JOIN satudata_search_document d ON d.id = p.id),
               (SELECT coalesce(json_agg(json_build_array(field, value, n)), '[]') FROM f)
    """
    return sql, params


def format_table(result: dict[str, Any]) -> str:
    """The printed table of one size: each figure beside its floor and target."""
    header = (
        f"{'kueri':<34} {'n':>3} {'p50':>8} {'p95':>8} {'lantai50':>9} {'lantai95':>9} "
        f"{'target':>7} {'hasil':>7} {'cocok':>6}"
    )
    lines = [
        f"== {result['size']:,} dataset ({result['public']:,} publik, {result['private']:,} privat) ==",
        header,
        "-" * len(header),
    ]
    for q in result["queries"]:
        verdict = "OK" if q["p50_ms"] <= q["target_ms"] else "LEWAT"
        lines.append(
            f"{q['label'] + ' / ' + q['audience']:<34} {q['n']:>3} {q['p50_ms']:>8.1f} "
            f"{q['p95_ms']:>8.1f} {q['floor_p50_ms']:>9.1f} {q['floor_p95_ms']:>9.1f} "
            f"{'≤' + format(q['target_ms'], '.0f'):>7} {verdict:>7} {q['median_count']:>6}"
        )
    lines.append("(ms; lantai = SQL telanjang lewat psycopg2; cocok = median jumlah hasil)")
    if result.get("count_mismatches"):
        lines.append(
            f"PERINGATAN: jumlah hasil berbeda dari lantai: {result['count_mismatches'][:5]}"
        )
    return "\n".join(lines)


# --- CKAN glue ---------------------------------------------------------------------------


def run(iterations: int, warmup: int, explain: bool, vacuum: bool) -> dict[str, Any]:
    """Measure every case for the anonymous visitor and the OPD member."""
    import ckan.lib.plugins as lib_plugins
    import psycopg2
    import sqlalchemy as sa
    from ckan import model

    from .. import config

    if vacuum:
        _vacuum_analyze()
    labels = {
        "anonim": ["public"],
        "anggota": lib_plugins.get_permission_labels().get_user_dataset_labels(_ensure_member()),
    }
    counts = model.Session.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE NOT private), count(*) FILTER (WHERE private) FROM package WHERE state = 'active'"
        )
    ).one()
    model.Session.commit()
    connection = psycopg2.connect(_dsn())
    connection.autocommit = True
    size = int(counts[0]) + int(counts[1])
    text_config = config.search_text_config()
    queries: list[dict[str, Any]] = []
    mismatches: list[str] = []
    plans: dict[str, str] = {}
    try:
        for case in CASES:
            for audience, user in AUDIENCES:
                key = f"{case.key}/{audience}"

                def ckan_call(term: str, case: QueryCase = case, user: str = user) -> int:
                    return _package_search(user, search_params(case, term))

                def floor_call(term: str, case: QueryCase = case, audience: str = audience) -> int:
                    sql, params = floor_statement(case, term, labels[audience], text_config)
                    with connection.cursor() as cursor:
                        cursor.execute(sql, params)
                        row = cursor.fetchone()
                    assert row is not None
                    return int(row[0])

                measured = _time_case(
                    case, iterations, warmup, ckan_call, floor_call, mismatches, key
                )
                measured.update(
                    key=key, label=case.label, audience=audience, target_ms=target_ms(size)
                )
                queries.append(measured)
                if explain:
                    plans[key] = _explain_pair(
                        connection, case, labels[audience], user, text_config
                    )
    finally:
        connection.close()
    return {
        "size": size,
        "public": int(counts[0]),
        "private": int(counts[1]),
        "iterations": iterations,
        "warmup": warmup,
        "vacuum_analyze": vacuum,
        "member": {
            "name": MEMBER_NAME,
            "organizations": list(MEMBER_ORGANIZATIONS),
            "labels": len(labels["anggota"]),
        },
        "terms": list(TERMS),
        "queries": queries,
        "count_mismatches": mismatches,
        "postgres": _postgres_info(),
        "plans": plans,
    }


def _time_case(
    case: QueryCase,
    iterations: int,
    warmup: int,
    ckan_call: Callable[[str], int],
    floor_call: Callable[[str], int],
    mismatches: list[str],
    key: str,
) -> dict[str, Any]:
    for i in range(warmup):
        ckan_call(term_for(case, i))
        floor_call(term_for(case, i))
    samples: list[float] = []
    floor_samples: list[float] = []
    counts: list[int] = []
    for i in range(iterations):
        term = term_for(case, i)
        started = time.perf_counter()
        count = ckan_call(term)
        samples.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        floor_count = floor_call(term)
        floor_samples.append((time.perf_counter() - started) * 1000)
        counts.append(count)
        if count != floor_count and len(mismatches) < 20:
            mismatches.append(f"{key} {term!r}: CKAN {count}, lantai {floor_count}")
    return {
        "n": iterations,
        "p50_ms": round(percentile(samples, 0.5), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "floor_p50_ms": round(percentile(floor_samples, 0.5), 2),
        "floor_p95_ms": round(percentile(floor_samples, 0.95), 2),
        "median_count": int(statistics.median_low(counts)),
        "samples_ms": [round(s, 2) for s in samples],
        "floor_samples_ms": [round(s, 2) for s in floor_samples],
        "sample_terms": [term_for(case, i) for i in range(iterations)],
    }


def _package_search(user: str, params: dict[str, Any]) -> int:
    import ckan.plugins.toolkit as tk

    # A fresh context per call, as per request; {'user': ''} is the anonymous visitor
    # (ignore_auth would drop the permission labels altogether).
    result = tk.get_action("package_search")({"user": user}, dict(params))
    return int(result["count"])


def _ensure_member() -> Any:
    """The OPD member user (created once), member of three organisations."""
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.types import Context

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def context() -> Context:
        return cast(Context, {"user": site_user, "ignore_auth": True})

    if model.User.get(MEMBER_NAME) is None:
        tk.get_action("user_create")(
            context(),
            {
                "name": MEMBER_NAME,
                "email": f"{MEMBER_NAME}@serangkota.go.id",
                "password": secrets.token_urlsafe(16),
            },
        )
    for organization in MEMBER_ORGANIZATIONS:
        tk.get_action("organization_member_create")(
            context(), {"id": organization, "username": MEMBER_NAME, "role": "member"}
        )
    model.Session.commit()
    return model.User.get(MEMBER_NAME)


def _explain_pair(
    connection: Any, case: QueryCase, labels: Sequence[str], user: str, text_config: str
) -> str:
    """EXPLAIN ANALYZE of the backend's own statement (captured) and of the floor."""
    from ckan import model
    from sqlalchemy import event

    term = term_for(case, 0)
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "satudata_search_entry" in statement and "WITH m AS" in statement:
            captured.append((statement, parameters))

    engine = model.meta.engine
    assert engine is not None
    event.listen(engine, "before_cursor_execute", capture)
    try:
        _package_search(user, search_params(case, term))
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statements = [("backend", c) for c in captured[:1]]
    statements.append(("lantai", floor_statement(case, term, labels, text_config)))
    parts: list[str] = []
    with connection.cursor() as cursor:
        for title, (sql, params) in statements:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            parts.append(f"--- {title} (q={term!r}) ---\n{plan}")
    return "\n".join(parts)


def _vacuum_analyze() -> None:
    import psycopg2

    # A settled site has been autovacuumed; a freshly rebuilt index has not.
    connection = psycopg2.connect(_dsn())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE satudata_search_entry, satudata_search_document")
    finally:
        connection.close()


def _postgres_info() -> dict[str, str]:
    import psycopg2

    connection = psycopg2.connect(_dsn())
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version(), current_setting('shared_buffers'), current_setting('work_mem'), "
                "current_setting('jit'), current_setting('max_parallel_workers_per_gather'), "
                "pg_size_pretty(pg_total_relation_size('satudata_search_entry')), "
                "pg_size_pretty(pg_total_relation_size('satudata_search_document'))"
            )
            row = cursor.fetchone()
    finally:
        connection.close()
    assert row is not None
    keys = (
        "version",
        "shared_buffers",
        "work_mem",
        "jit",
        "max_parallel_workers_per_gather",
        "entry_table_size",
        "document_table_size",
    )
    return dict(zip(keys, map(str, row), strict=True))


def _dsn() -> str:
    import ckan.plugins.toolkit as tk

    return str(tk.config["sqlalchemy.url"]).replace("postgresql+psycopg2://", "postgresql://")
