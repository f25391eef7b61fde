"""CKAN glue of the PostgreSQL search backend: CKAN's package index and package
query replaced by classes that read and write the index tables.

Installed at the swap points ``ckan.lib.search._INDICES['package']`` and
``_QUERIES['package']`` when ``ckanext.satudata_serang.search_backend = postgres``,
and as ``ckan.lib.search.PackageSearchQuery``, which core (group dataset counts in
model_dictize) and ckanext-xloader instantiate directly; likewise
``PackageSearchIndex``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import ckan.lib.plugins as lib_plugins
import sqlalchemy as sa
from ckan import logic, model, plugins
from ckan.common import config as ckan_config
from ckan.lib import search
from ckan.lib.navl import dictization_functions
from ckan.lib.redis import connect_to_redis
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.index import PackageSearchIndex
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery
from sqlalchemy.exc import DataError, ProgrammingError

from .. import config
from . import facet_cache

# The index tables are registered on CKAN's metadata, so test databases rebuilt
# from it (reset_db) have them too.
from . import model as _index_tables  # noqa: F401  # pyright: ignore[reportUnusedImport]
from .document import IndexDocument, build_document, flatten_dataset
from .query_parser import MatchAll, QuerySyntaxError, parse_filter, parse_query
from .statement import SearchRequest, build_statement
from .writer import delete_all, delete_documents, write_documents

log = logging.getLogger(__name__)
UNDEFINED_TABLE = "42P01"

_ORIGINAL_INDEX = search._INDICES["package"]  # pyright: ignore[reportPrivateUsage]
_ORIGINAL_QUERY = search._QUERIES["package"]  # pyright: ignore[reportPrivateUsage]
_ORIGINAL_QUERY_CLASS = search.PackageSearchQuery
_ORIGINAL_INDEX_CLASS = search.PackageSearchIndex


def install() -> None:
    search._INDICES["package"] = PostgresPackageIndex  # pyright: ignore[reportPrivateUsage]
    search._QUERIES["package"] = PostgresPackageQuery  # pyright: ignore[reportPrivateUsage]
    search.PackageSearchQuery = PostgresPackageQuery
    search.PackageSearchIndex = PostgresPackageIndex


def uninstall() -> None:
    search._INDICES["package"] = _ORIGINAL_INDEX  # pyright: ignore[reportPrivateUsage]
    search._QUERIES["package"] = _ORIGINAL_QUERY  # pyright: ignore[reportPrivateUsage]
    search.PackageSearchQuery = _ORIGINAL_QUERY_CLASS
    search.PackageSearchIndex = _ORIGINAL_INDEX_CLASS


def document_for(pkg_dict: dict[str, Any]) -> IndexDocument:
    """The index row of a dataset given CKAN's ``(default, custom)`` dictization."""
    pkg_dict = dict(pkg_dict)
    validated = pkg_dict.pop("with_custom_schema")
    flat = flatten_dataset(
        pkg_dict,
        validated,
        site_id=config.site_id(),
        vocabulary_name=_vocabulary_name,
        json_encoder=dictization_functions.MissingNullEncoder,
    )
    for plugin in plugins.PluginImplementations(plugins.IPackageController):
        flat = plugin.before_dataset_index(flat)
    dataset = model.Package.get(flat["id"])
    labels = lib_plugins.get_permission_labels().get_dataset_labels(dataset) if dataset else []
    return build_document(flat, labels)


_STALE_FOR_ORGANIZATION = sa.text(
    """
    SELECT d.id FROM satudata_search_document d
    WHERE d.fields ->> 'owner_org' = :id
      AND ((d.fields ->> 'validated_data_dict')::jsonb #>> '{organization,title}'
               IS DISTINCT FROM :title
           OR d.fields ->> 'organization' IS DISTINCT FROM :name)
    """
)
_STALE_FOR_GROUP = sa.text(
    """
    SELECT DISTINCT d.id FROM satudata_search_document d,
        jsonb_array_elements((d.fields ->> 'validated_data_dict')::jsonb -> 'groups') AS g
    WHERE g ->> 'id' = :id
      AND (g ->> 'title' IS DISTINCT FROM :title OR g ->> 'name' IS DISTINCT FROM :name)
    """
)


def refresh_group_datasets(group: model.Group) -> int:
    """Re-index the datasets whose stored copy shows an old name or title of ``group``
    (an OPD renamed by a new Perda must be found, and shown, by its new name)."""
    # Dictization reads the group table with Core queries, which do not autoflush.
    model.Session.flush()
    query = _STALE_FOR_ORGANIZATION if group.is_organization else _STALE_FOR_GROUP
    stale = [
        row[0]
        for row in model.Session.execute(
            query, {"id": group.id, "title": group.title, "name": group.name}
        )
    ]
    for dataset_id in stale:
        logic.index_update_package({"ignore_auth": True}, dataset_id)  # pyright: ignore[reportArgumentType]
    return len(stale)


class PostgresPackageIndex(PackageSearchIndex):
    def index_package(self, pkg_dict: dict[str, Any] | None, defer_commit: bool = False) -> None:
        if pkg_dict is None:
            return
        if ckan_config.get("ckan.search.remove_deleted_packages") and pkg_dict.get("state") in (
            None,
            "deleted",
        ):
            self.delete_package(pkg_dict)
            return
        if "with_custom_schema" not in pkg_dict:
            # Callers that patch a stored data_dict (ckanext-xloader) pass only one
            # schema's view; the database is the truth, so index from it.
            logic.index_update_package({"ignore_auth": True}, pkg_dict["id"])
            return
        write_documents(model.Session, [document_for(pkg_dict)], config.search_text_config())

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        delete_documents(model.Session, str(pkg_dict.get("id")))

    def clear(self) -> None:
        delete_all(model.Session)
        model.Session.commit()

    def commit(self) -> None:
        # Index rows are written in the caller's transaction; nothing is pending here.
        return None


class PostgresPackageQuery(PackageSearchQuery):
    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        rows = model.Session.execute(
            sa.text(
                "SELECT id FROM satudata_search_entry WHERE state = 'active' ORDER BY id LIMIT :n"
            ),
            {"n": max_results},
        )
        return [row[0] for row in rows]

    def get_index(self, reference: str) -> dict[str, Any]:
        row = model.Session.execute(
            sa.text(
                "SELECT d.fields FROM satudata_search_entry e "
                "JOIN satudata_search_document d ON d.id = e.id "
                "WHERE e.id = :ref OR e.name = :ref LIMIT 1"
            ),
            {"ref": reference},
        ).first()
        if row is None:
            raise SearchError(f"Dataset tidak ditemukan di indeks pencarian: {reference}")
        return dict(row[0])

    def run(
        self,
        query: dict[str, Any],
        permission_labels: list[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        unknown = set(query.keys()) - VALID_SOLR_PARAMETERS
        if unknown:
            raise SearchQueryError(f"Parameter pencarian tidak valid: {sorted(unknown)}")
        request = _search_request(query, permission_labels)
        cache = _FacetCacheSlot.for_request(request)
        cached = cache.load() if cache else None
        try:
            statement = build_statement(
                request,
                text_config=config.search_text_config(),
                now=datetime.now(UTC),
                page_only=cached is not None,
            )
        except QuerySyntaxError as error:
            raise SearchQueryError(str(error)) from error
        try:
            with model.Session.begin_nested():
                row = model.Session.execute(sa.text(statement.sql), statement.params).one()
        except (DataError, ProgrammingError) as error:
            if getattr(error.orig, "pgcode", None) == UNDEFINED_TABLE:
                raise SearchError(
                    "Indeks pencarian belum dibuat: jalankan `ckan db upgrade` lalu "
                    "`ckan search-index rebuild`."
                ) from error
            log.info("Kueri pencarian ditolak PostgreSQL: %s", error.orig)
            raise SearchQueryError(
                "Kueri pencarian tidak dapat dijalankan: periksa sintaksnya."
            ) from error
        count, docs, facet_rows = row.tuple()
        if cached is not None:
            count, facet_rows = cached
        elif cache is not None:
            cache.save(int(count), facet_rows)
        self.count = int(count)
        self.results = [_result(doc, request.fields) for doc in docs]
        if query.get("fl") in ("id", "name"):
            self.results = [r.get(query["fl"]) for r in self.results]
        facets: dict[str, dict[str, int]] = {name: {} for name in request.facet_fields}
        for field, value, n in sorted(facet_rows, key=lambda f: (f[0], -f[2], f[1])):
            facets.setdefault(field, {})[value] = n
        self.facets = facets
        return {"results": self.results, "count": self.count}


class _FacetCacheSlot:
    """Where the count and facets of a browse query (no search text) are cached."""

    def __init__(self, key: str, seconds: int) -> None:
        self.key = key
        self.seconds = seconds

    @classmethod
    def for_request(cls, request: SearchRequest) -> _FacetCacheSlot | None:
        seconds = config.landing_facet_cache_seconds()
        if seconds <= 0 or not isinstance(request.query, MatchAll):
            return None
        generation = facet_cache.current_generation(model.Session)
        parts = [
            config.site_id(),
            sorted(request.permission_labels) if request.permission_labels is not None else None,
            [repr(node) for node in request.filters],
            list(request.facet_fields),
            request.facet_limit,
            request.facet_mincount,
            request.facet_sort_by_count,
        ]
        return cls(facet_cache.cache_key(generation, parts), seconds)

    def load(self) -> tuple[int, list[list[Any]]] | None:
        return facet_cache.load(connect_to_redis(), self.key)

    def save(self, count: int, facets: list[list[Any]]) -> None:
        facet_cache.save(connect_to_redis(), self.key, count, facets, self.seconds)


def _search_request(query: dict[str, Any], permission_labels: list[str] | None) -> SearchRequest:
    try:
        q = query.get("q")
        if not q or q in ('""', "''"):
            q = "*:*"
        fq: list[str] = []
        if query.get("fq"):
            fq.extend([query["fq"]] if isinstance(query["fq"], str) else list(query["fq"]))
        fq.extend(query.get("fq_list") or [])
        if not any("+state:" in f for f in fq):
            fq.append("+state:active")
        filters = [parse_filter(f) for f in fq if f and f.strip()]
        rows = _integer(query.get("rows", 10), "rows")
        start = _integer(query.get("start", 0), "start")
        facet_on = str(query.get("facet", "true")).lower() == "true"
        facet_fields = query.get("facet.field") or []
        if isinstance(facet_fields, str):
            facet_fields = (
                json.loads(facet_fields) if facet_fields.startswith("[") else [facet_fields]
            )
        facet_limit = _integer(
            query.get("facet.limit", ckan_config.get("search.facets.limit")), "facet.limit"
        )
        return SearchRequest(
            query=parse_query(str(q)),
            filters=filters,
            permission_labels=permission_labels,
            sort=str(query.get("sort") or "score desc, metadata_modified desc"),
            rows=max(rows, 0),
            start=max(start, 0),
            fields=_field_list(query.get("fl", "name")),
            facet_fields=[str(f) for f in facet_fields] if facet_on else [],
            facet_limit=facet_limit,
            facet_mincount=_integer(query.get("facet.mincount", 1), "facet.mincount"),
            facet_sort_by_count=str(query.get("facet.sort", "count")) != "index",
        )
    except QuerySyntaxError as error:
        raise SearchQueryError(str(error)) from error


def _integer(value: object, name: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError) as error:
        raise QuerySyntaxError(
            f'Parameter "{name}" harus berupa bilangan bulat, bukan {value!r}'
        ) from error


def _field_list(fl: object) -> list[str]:
    names = fl if isinstance(fl, list) else str(fl).replace(",", " ").split()
    return [str(n) for n in names] or ["name"]


def _result(doc: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    result: dict[str, Any] = dict(doc.get("fields") or {})
    if "score" in fields:
        result["score"] = doc.get("score")
    extras = {k[len("extras_") :]: result.pop(k) for k in list(result) if k.startswith("extras_")}
    if extras:
        result["extras"] = extras
    return result


def _vocabulary_name(vocabulary_id: str) -> str:
    vocabulary = model.Vocabulary.get(vocabulary_id)
    return vocabulary.name if vocabulary else vocabulary_id
