"""Bring a CKAN database up to date for this portal: migrations and datastore rights."""

from __future__ import annotations

import logging

import click
import psycopg2
import sqlalchemy as sa
from ckan.cli import db as db_cli
from ckanext.datastore.cli import (  # pyright: ignore[reportMissingTypeStubs]
    _parse_db_config,  # pyright: ignore[reportPrivateUsage]
    permissions_sql,
)

log = logging.getLogger(__name__)


def upgrade_database(ctx: click.Context) -> None:
    """CKAN's own `ckan db upgrade`: core and every enabled plugin's migrations."""
    ctx.invoke(db_cli.upgrade, version="head", plugin=None, skip_core=False, skip_plugins=False)


def set_datastore_permissions(admin_url: str | None) -> bool:
    """Apply CKAN's datastore permission script as a PostgreSQL superuser.

    ``admin_url`` is a superuser URL of the server holding the datastore database
    (the embedded server's). Without one, the datastore write URL is tried, which
    works when that user is a superuser. Returns False when neither could do it.
    """
    write = _parse_db_config("ckan.datastore.write_url")
    read = _parse_db_config("ckan.datastore.read_url")
    main = _parse_db_config("sqlalchemy.url")
    script = permissions_sql(
        maindb=main["db_name"],
        datastoredb=write["db_name"],
        mainuser=main["db_user"],
        writeuser=write["db_user"],
        readuser=read["db_user"],
    )
    url = sa.engine.make_url(admin_url) if admin_url else None
    if url is not None:
        url = url.set(database=write["db_name"])
    else:
        from ckan.common import config

        url = sa.engine.make_url(config["ckan.datastore.write_url"])
    # The script is written for psql: drop its \connect line (we connect to the
    # datastore database ourselves) and run it without parameters (it holds % signs).
    script = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("\\"))
    try:
        with (
            psycopg2.connect(
                url.render_as_string(hide_password=False).replace(
                    "postgresql+psycopg2://", "postgresql://"
                )
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(script)
    except psycopg2.Error as error:
        log.warning(
            "Hak akses datastore tidak dapat diatur otomatis (%s). Jalankan sebagai "
            "superuser PostgreSQL: ckan datastore set-permissions | psql ...",
            str(error).strip(),
        )
        return False
    return True
