"""rdflib's namespace manager, remembering the URIs that have no prefixed name too.

rdflib remembers the prefixed name (``dct:title``) it found for a URI, but not that a
URI has none: the Turtle serializer asks again for every occurrence of every dataset,
distribution and concept URI, and each answer splits the URI and walks the prefix
trie. On a catalog page of 100 datasets that was about half of the page's time
(measured with ``make bench-dcat --profile``). Here the "no name" answers are kept
too, until a prefix is bound (which could give such a URI a name), so the output is
exactly rdflib's.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import NamespaceManager


class RememberingNamespaceManager(NamespaceManager):
    def __init__(self, graph: Any, bind_namespaces: Any = "core") -> None:
        self._without_name: dict[tuple[str, bool], ValueError | KeyError] = {}
        super().__init__(graph, bind_namespaces=bind_namespaces)

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        key = (uri, generate)
        refused = self._without_name.get(key)
        if refused is not None:
            raise type(refused)(*refused.args)
        try:
            return super().compute_qname(uri, generate)
        except (ValueError, KeyError) as error:
            self._without_name[key] = error
            raise

    def bind(
        self, prefix: str | None, namespace: Any, override: bool = True, replace: bool = False
    ) -> None:
        self._without_name.clear()
        super().bind(prefix, namespace, override=override, replace=replace)
