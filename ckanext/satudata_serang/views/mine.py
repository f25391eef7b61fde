"""The "Data saya" page: a produsen's datasets by verification status, with the
walidata's notes."""

from __future__ import annotations

from functools import partial

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.pagination import Page
from flask import Blueprint
from werkzeug.wrappers.response import Response

from ..workflow import mine as data_saya

mine = Blueprint("satudata_mine", __name__)


def _page_url(status: str | None, page: int | None = None) -> str:
    return tk.h.url_for("satudata_mine.index", status=status, page=page)


@mine.route("/data-saya")
def index() -> str | Response:
    """The datasets of the OPDs the logged-in user belongs to, filterable by status.

    Who: any logged-in user (each sees what CKAN lets them see); anonymous visitors
    are sent to the login page and come back here.
    """
    user = model.User.get(tk.current_user.name) if tk.current_user.is_authenticated else None
    if user is None:
        came_from = tk.h.url_for("satudata_mine.index", status=tk.request.args.get("status"))
        return tk.redirect_to(tk.h.url_for("user.login", came_from=came_from))
    status = data_saya.parse_status(tk.request.args.get("status"))
    page_number = tk.h.get_page_number(tk.request.args)
    listing = data_saya.listing(user, status, page_number)
    page = Page(
        collection=listing.rows,
        page=page_number,
        url=partial(_page_url, status),
        item_count=listing.count,
        items_per_page=data_saya.PAGE_SIZE,
        presliced_list=True,
    )
    return tk.render("satudata/mine/index.html", {"listing": listing, "page": page})
