"""Assemble one SQL statement for a dataset search: page, count and facets computed
from a single match set.

Pure logic: takes already-normalised search parameters, returns SQL text and bind
parameters. No CKAN imports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .compiler import SqlBuilder, compile_query
from .query_parser import And, MatchAll, Node, QuerySyntaxError

_SORT_COLUMNS = {
    "title_string": "e.title_sort",
    "name": "e.name",
    "id": "e.id",
    "metadata_modified": "e.metadata_modified",
    "metadata_created": "e.metadata_created",
    "state": "e.state",
    "dataset_type": "e.dataset_type",
}
_SORT_CLAUSE = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s+(asc|desc)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SearchRequest:
    query: Node
    filters: Sequence[Node]
    permission_labels: Sequence[str] | None
    sort: str
    rows: int
    start: int
    fields: Sequence[str]
    facet_fields: Sequence[str]
    facet_limit: int
    facet_mincount: int
    facet_sort_by_count: bool = True


@dataclass(frozen=True)
class Statement:
    sql: str
    params: dict[str, object]


def build_statement(
    request: SearchRequest, *, text_config: str, now: datetime, page_only: bool = False
) -> Statement:
    """One statement for page, count and facets; with ``page_only``, just the page
    (count and facets then come from the facet cache), letting PostgreSQL walk the
    sort index and stop after ``rows`` matches."""
    sql = SqlBuilder(text_config=text_config, now=now)
    compiled = compile_query(request.query, sql)
    where = [compiled.predicate]
    for node in request.filters:
        where.append(compile_query(node, sql).predicate)
    if request.permission_labels is not None:
        where.append(
            f"e.permission_labels && CAST({sql.bind(list(request.permission_labels))} AS text[])"
        )
    rank = (
        f"ts_rank_cd(e.search_vector, {compiled.rank_query})"
        if compiled.rank_query
        else "CAST(1 AS real)"
    )
    order, joins_document = _order_by(request.sort, sql)
    document_join = "JOIN satudata_search_document d ON d.id = e.id" if joins_document else ""
    # Sort keys are computed inside the match set; the score is computed once there.
    sort_keys = "".join(f", {expr} AS s{i}" for i, (expr, _) in enumerate(order) if expr != "score")
    page_order = ", ".join(
        f"{'score' if expr == 'score' else f's{i}'} {direction}"
        for i, (expr, direction) in enumerate(order)
    )

    facet_sql = "SELECT NULL::text AS field, NULL::text AS value, 0::bigint AS n WHERE FALSE"
    if request.facet_fields:
        facet_order = "count(*) DESC, 2" if request.facet_sort_by_count else "2"
        limit = "" if request.facet_limit < 0 else f"WHERE f.rn <= {sql.bind(request.facet_limit)}"
        facet_sql = f"""
            SELECT f.field, f.value, f.n FROM (
                SELECT split_part(t, ':', 1) AS field,
                       substr(t, strpos(t, ':') + 1) AS value,
                       count(*) AS n,
                       row_number() OVER (
                           PARTITION BY split_part(t, ':', 1) ORDER BY {facet_order}
                       ) AS rn
                FROM m, unnest(m.tokens) AS t
                WHERE split_part(t, ':', 1) = ANY(CAST({sql.bind(list(request.facet_fields))} AS text[]))
                GROUP BY 1, 2
                HAVING count(*) >= {sql.bind(max(request.facet_mincount, 1))}
            ) f {limit}"""

    if "*" in request.fields:
        fields_expression = "d.fields"
    else:
        fields_expression = f"""(SELECT jsonb_object_agg(k, d.fields -> k)
            FROM unnest(CAST({sql.bind(list(request.fields))} AS text[])) AS k
            WHERE d.fields ? k)"""
    # A top-N sort (ORDER BY … LIMIT) picks the page; its 20 rows are ordered again
    # when aggregated, instead of numbering every match with a window function.
    page_order_p = ", ".join(f"p.{part}" for part in page_order.split(", "))
    docs_sql = f"""(SELECT coalesce(json_agg(json_build_object(
                        'score', p.score,
                        'fields', {fields_expression})
                    ORDER BY {page_order_p}, p.id), '[]')
             FROM page p JOIN satudata_search_document d ON d.id = p.id)"""
    if page_only:
        direct_order = ", ".join(
            f"{rank if expr == 'score' else expr} {direction}" for expr, direction in order
        )
        statement = f"""
        WITH page AS (
            SELECT e.id, {rank} AS score{sort_keys}
            FROM satudata_search_entry e {document_join}
            WHERE {" AND ".join(where)}
            ORDER BY {direct_order}, e.id
            LIMIT {sql.bind(request.rows)} OFFSET {sql.bind(request.start)}
        )
        SELECT NULL::bigint AS count, {docs_sql} AS docs, CAST('[]' AS json) AS facets
        """
        return Statement(sql=statement, params=sql.params)
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT e.id, {"e.tokens, " if request.facet_fields else ""}{rank} AS score{sort_keys}
            FROM satudata_search_entry e {document_join}
            WHERE {" AND ".join(where)}
        ),
        page AS (
            SELECT * FROM m ORDER BY {page_order}, id
            LIMIT {sql.bind(request.rows)} OFFSET {sql.bind(request.start)}
        ),
        facets AS ({facet_sql})
        SELECT
            (SELECT count(*) FROM m) AS count,
            {docs_sql} AS docs,
            (SELECT coalesce(json_agg(json_build_array(field, value, n) ORDER BY field, n DESC, value), '[]')
             FROM facets) AS facets
    """
    return Statement(sql=statement, params=sql.params)


def _order_by(sort: str, sql: SqlBuilder) -> tuple[list[tuple[str, str]], bool]:
    order: list[tuple[str, str]] = []
    joins_document = False
    for clause in filter(None, (c.strip() for c in (sort or "score desc").split(","))):
        match = _SORT_CLAUSE.match(clause)
        if not match:
            raise QuerySyntaxError(f'Parameter "sort" tidak valid: {clause!r}')
        name, direction = match.group(1), match.group(2).upper()
        if name == "score":
            expression = "score"
        elif name in _SORT_COLUMNS:
            expression = _SORT_COLUMNS[name]
        else:
            # Rare sorts on any other indexed field read the stored document.
            joins_document = True
            expression = f"(d.fields ->> {sql.bind(name)})"
        # Columns are never NULL: PostgreSQL's default NULLS order lets a backward
        # index scan serve "metadata_modified desc". Stored fields may be missing,
        # and sort last in either direction, as Solr puts them.
        nulls = "" if expression.startswith("e.") else "NULLS LAST"
        order.append((expression, f"{direction} {nulls}".strip()))
    if not order:
        order.append(("score", "DESC NULLS LAST"))
    return order, joins_document


def combine(nodes: Sequence[Node]) -> Node:
    """AND several parsed filters together (MatchAll when there are none)."""
    items = tuple(n for n in nodes if not isinstance(n, MatchAll))
    if not items:
        return MatchAll()
    return items[0] if len(items) == 1 else And(items)
