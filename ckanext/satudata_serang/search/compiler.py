"""Compile the parsed Solr syntax (``query_parser`` AST) into PostgreSQL predicates
over the search index.

Pure logic: produces SQL text and bind parameters, imports no CKAN. Every value
reaches PostgreSQL as a bind parameter, never spliced into the SQL text.

Field semantics follow CKAN's Solr schema:
- the default field ``text`` and the text fields (``title``, ``notes``, ``res_name``,
  ``res_description``, ``extras_*`` …) match stemmed words of the weighted vector;
- every other field is a Solr ``string`` field: exact, case-sensitive values, stored
  as ``field:value`` tokens;
- ``name``, ``id``, ``state``, ``dataset_type``, ``capacity``, ``permission_labels``,
  ``metadata_created`` and ``metadata_modified`` are columns of their own.
Text fields without a weight of their own (``res_*``, ``extras_*``, author …) share
weight D, so ``res_name:x`` also matches an ``x`` in another field of weight D.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from . import date_math
from .query_parser import (
    And,
    Exists,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Range,
    Term,
)

# Weight of each text field in the vector: A title, B tags, C notes, D the rest.
_TEXT_WEIGHTS: dict[str, str] = {"title": "A", "tags": "B", "notes": "C"}
_WEIGHT_D_FIELDS = frozenset(
    {"res_name", "res_description", "author", "maintainer", "version", "url", "license_title"}
)
_COLUMNS = frozenset({"id", "name", "state", "dataset_type", "capacity"})
_DATE_COLUMNS = frozenset({"metadata_created", "metadata_modified"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass
class SqlBuilder:
    """Collects bind parameters while SQL fragments are built."""

    text_config: str
    now: datetime
    params: dict[str, object] = field(default_factory=dict)

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"


@dataclass(frozen=True)
class Compiled:
    """A WHERE predicate and the tsquery used for ranking (None when no text)."""

    predicate: str
    rank_query: str | None


def compile_query(node: Node, sql: SqlBuilder) -> Compiled:
    """Compile a parsed q or fq into a predicate over ``e`` (the entry table)."""
    predicate = _predicate(node, sql)
    rank_parts = [_tsquery(leaf, sql) for leaf in _positive_text_leaves(node)]
    rank = " || ".join(f"({p})" for p in rank_parts) if rank_parts else None
    return Compiled(predicate=predicate, rank_query=rank)


def is_text_field(name: str | None) -> bool:
    return (
        name is None
        or name == "text"
        or (name in _TEXT_WEIGHTS and name != "tags")
        or name in _WEIGHT_D_FIELDS
        or name.startswith(("extras_", "res_extras_"))
    )


def _predicate(node: Node, sql: SqlBuilder) -> str:
    if isinstance(node, MatchAll):
        return "TRUE"
    if _is_text_tree(node):
        query = _tsquery_tree(node, sql)
        return f"(numnode({query}) = 0 OR e.search_vector @@ {query})"
    if isinstance(node, And):
        return "(" + " AND ".join(_predicate(item, sql) for item in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_predicate(item, sql) for item in node.items) + ")"
    if isinstance(node, Not):
        return f"(NOT {_predicate(node.item, sql)})"
    if isinstance(node, Term | Phrase):
        return _value_predicate(node, sql)
    if isinstance(node, Range):
        return _range_predicate(node, sql)
    if isinstance(node, Exists):
        return _exists_predicate(node.field, sql)
    raise QuerySyntaxError(f"Bagian kueri tidak dikenal: {node!r}")


# --- full text -------------------------------------------------------------------


def _is_text_leaf(node: Node) -> bool:
    return isinstance(node, Term | Phrase) and is_text_field(node.field)


def _is_text_tree(node: Node) -> bool:
    if isinstance(node, And | Or):
        return all(_is_text_tree(item) for item in node.items)
    if isinstance(node, Not):
        return _is_text_tree(node.item)
    return _is_text_leaf(node)


def _tsquery_tree(node: Node, sql: SqlBuilder) -> str:
    """One tsquery for a tree of text leaves, so PostgreSQL scans the GIN index once."""
    if isinstance(node, And):
        return "(" + " && ".join(_tsquery_tree(i, sql) for i in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " || ".join(_tsquery_tree(i, sql) for i in node.items) + ")"
    if isinstance(node, Not):
        return f"(!! {_tsquery_tree(node.item, sql)})"
    assert isinstance(node, Term | Phrase)
    return _tsquery(node, sql)


def _tsquery(leaf: Term | Phrase, sql: SqlBuilder) -> str:
    config = sql.bind(sql.text_config)
    weight = _weight(leaf.field)
    prefix = isinstance(leaf, Term) and leaf.prefix
    if not weight and not prefix:
        function = "phraseto_tsquery" if isinstance(leaf, Phrase) else "plainto_tsquery"
        return f"{function}(CAST({config} AS regconfig), {sql.bind(leaf.text)})"
    # to_tsquery syntax: a quoted lexeme with optional :* (prefix) and weight letters.
    # A quoted run of several words becomes a phrase, as Solr reads a quoted value.
    words = _words(leaf.text)
    if not words:
        return "''::tsquery"
    quoted = "'" + " ".join(words).replace("'", "''") + "'"
    suffix = ("*" if prefix else "") + weight
    expression = quoted + (":" + suffix if suffix else "")
    return f"to_tsquery(CAST({config} AS regconfig), {sql.bind(expression)})"


def _weight(name: str | None) -> str:
    if name is None or name == "text":
        return ""
    return _TEXT_WEIGHTS.get(name, "D")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[.\-]\w+)*", text)


def _positive_text_leaves(node: Node) -> list[Term | Phrase]:
    if isinstance(node, And | Or):
        return [leaf for item in node.items for leaf in _positive_text_leaves(item)]
    if _is_text_leaf(node):
        assert isinstance(node, Term | Phrase)
        return [node]
    return []


# --- exact values ----------------------------------------------------------------


def _value_predicate(leaf: Term | Phrase, sql: SqlBuilder) -> str:
    name = _field_name(leaf.field)
    value = leaf.text
    prefix = isinstance(leaf, Term) and leaf.prefix
    if name == "title_string":
        # Kept as the lower-cased sort key; exact title filters are rare.
        return f"e.title_sort = lower({sql.bind(value.strip())})"
    if name in _COLUMNS:
        if prefix:
            return f"e.{name} LIKE {sql.bind(_like_prefix(value))} ESCAPE '\\'"
        return f"e.{name} = {sql.bind(value)}"
    if name == "permission_labels":
        return f"e.permission_labels && ARRAY[CAST({sql.bind(value)} AS text)]"
    if name in _DATE_COLUMNS:
        instant = date_math.resolve(value, sql.now)
        return f"e.{name} = {sql.bind(instant)}"
    if prefix:
        pattern = _like_prefix(f"{name}:{value}")
        return (
            f"EXISTS (SELECT 1 FROM unnest(e.tokens) t WHERE t LIKE {sql.bind(pattern)} "
            "ESCAPE '\\')"
        )
    if name.endswith("_date"):
        value = _iso(date_math.resolve(value, sql.now))
    return f"e.tokens @> ARRAY[CAST({sql.bind(f'{name}:{value}')} AS text)]"


def _exists_predicate(raw_name: str, sql: SqlBuilder) -> str:
    name = _field_name(raw_name)
    if name in _COLUMNS or name in _DATE_COLUMNS:
        return f"e.{name} IS NOT NULL"
    if name == "permission_labels":
        return "cardinality(e.permission_labels) > 0"
    pattern = _like_prefix(f"{name}:")
    return f"EXISTS (SELECT 1 FROM unnest(e.tokens) t WHERE t LIKE {sql.bind(pattern)} ESCAPE '\\')"


def _range_predicate(node: Range, sql: SqlBuilder) -> str:
    name = _field_name(node.field)
    bounds = [b for b in (node.low, node.high) if b is not None]
    if not bounds:
        return _exists_predicate(name, sql)
    kind = _range_kind(name, bounds)
    if name in _DATE_COLUMNS:
        column = f"e.{name}"
    else:
        value = f"substr(t, {len(name) + 2})"
        column = {
            "number": f"(CASE WHEN {value} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN CAST({value} AS numeric) END)",
            "date": value,
            "text": value,
        }[kind]
    conditions: list[str] = []
    for bound, inclusive, operator in (
        (node.low, node.include_low, ">"),
        (node.high, node.include_high, "<"),
    ):
        if bound is None:
            continue
        conditions.append(
            f"{column} {operator}{'=' if inclusive else ''} {_bound(bound, kind, name, sql)}"
        )
    condition = " AND ".join(conditions)
    if name in _DATE_COLUMNS:
        return f"({condition})"
    pattern = _like_prefix(f"{name}:")
    return (
        f"EXISTS (SELECT 1 FROM unnest(e.tokens) t WHERE t LIKE {sql.bind(pattern)} ESCAPE '\\' "
        f"AND {condition})"
    )


def _range_kind(name: str, bounds: list[str]) -> str:
    if name in _DATE_COLUMNS or name.endswith("_date"):
        return "date"
    if all(_NUMBER.match(b) for b in bounds):
        return "number"
    if all(date_math.looks_like_date(b) for b in bounds):
        return "date"
    return "text"


def _bound(value: str, kind: str, name: str, sql: SqlBuilder) -> str:
    if kind == "number":
        return f"CAST({sql.bind(value)} AS numeric)"
    if kind == "date":
        instant = date_math.resolve(value, sql.now)
        # Indexed *_date values are ISO strings in UTC, so they compare as text.
        return sql.bind(instant if name in _DATE_COLUMNS else _iso(instant))
    return sql.bind(value)


def _iso(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def _field_name(name: str | None) -> str:
    if name is None or not _FIELD_NAME.match(name):
        raise QuerySyntaxError(f"Nama field tidak valid: {name!r}")
    return name


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
