"""The texts of harvest errors as the walidata reads them on the job report
(Indonesian by default: the worker runs each job in a request of the site's language)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from .documents import Unsafe
from .safety import Refused


def refused(error: Refused) -> str:
    p = error.params
    match error.reason:
        case "scheme":
            return tk._("Only http:// and https:// addresses can be harvested: {url}").format(**p)
        case "malformed":
            return tk._("Not a valid web address: {url}").format(**p)
        case "unresolved":
            return tk._("The host {host} could not be found.").format(**p)
        case "address":
            return tk._(
                "The host {host} resolves to {address}, a private, loopback, link-local or "
                "reserved address, so it is not harvested. A sysadmin can allow it in "
                "ckanext.satudata_serang.harvest_allowed_hosts."
            ).format(**p)
        case "status":
            return tk._("The server answered {status} for {url}.").format(**p)
        case "size":
            return tk._(
                "The response from {url} is larger than the limit of {megabytes} MB."
            ).format(url=p["url"], megabytes=p["limit"] // (1024 * 1024))
        case "time":
            return tk._("The download from {url} did not finish within {seconds} seconds.").format(
                url=p["url"], seconds=int(p["seconds"])
            )
        case "redirects":
            return tk._("Too many redirects from {url}.").format(**p)
        case _:
            return tk._("Could not download {url}: {error}").format(
                url=p.get("url", ""), error=p.get("error", error.reason)
            )


def unsafe(error: Unsafe) -> str:
    match error.reason:
        case "dtd":
            return tk._(
                "The RDF/XML document declares a DTD or entities (<!DOCTYPE …>). Such documents "
                "are refused: an entity can read files of the server or expand without limit."
            )
        case "remote_context":
            return tk._(
                "The JSON-LD document refers to a remote @context ({context}); only contexts "
                "written inside the document are accepted."
            ).format(context=error.detail)
        case "not_json":
            return tk._("The document is not valid JSON-LD: {error}").format(error=error.detail)
        case _:
            return tk._("The document is not valid RDF/XML: {error}").format(error=error.detail)


def not_utf8(url: str) -> str:
    return tk._("The document from {url} is not UTF-8 text.").format(url=url)
