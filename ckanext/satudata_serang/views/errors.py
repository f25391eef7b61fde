"""A refusal that escapes a view answers 403 (or 404), not 500.

Some of CKAN's own views call actions without catching NotAuthorized (the datatables
view's ajax endpoint asks resource_view_show for the resource of a dataset the caller
may not see): CKAN then answers "Internal server error". The refusal is right; the
answer should say so.
"""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from flask import Blueprint

log = logging.getLogger(__name__)

errors = Blueprint("satudata_errors", __name__)


def _page(code: int, name: str, content: str) -> tuple[str, int]:
    anonymous = not tk.current_user.is_authenticated
    extra_vars = {
        "code": code,
        "name": name,
        "content": content,
        "show_login_redirect_link": anonymous and code == 403,
    }
    return tk.render("error_document_template.html", extra_vars), code


@errors.app_errorhandler(tk.NotAuthorized)
def not_authorized(error: tk.NotAuthorized) -> tuple[str, int]:
    log.info("Refused in a view: %s", error)
    return _page(403, "Forbidden", str(error) or tk._("You are not allowed to see this."))


@errors.app_errorhandler(tk.ObjectNotFound)
def not_found(error: tk.ObjectNotFound) -> tuple[str, int]:
    return _page(404, "Not Found", str(error) or tk._("This could not be found."))
