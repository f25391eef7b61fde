#!/bin/sh
# Entrypoint of the CKAN image.
#   web     wait for PostgreSQL, bring the databases up to date, then exec gunicorn
#   worker  exec CKAN's job worker (rq scheduler included)
#   *       exec the arguments (e.g. `ckan search-index rebuild`)
set -eu

wait_for_db() {
    # CKAN_SQLALCHEMY_URL and CKAN_DATASTORE_WRITE_URL must both accept connections.
    python - <<'PY'
import os, sys, time
import psycopg2

deadline = time.monotonic() + float(os.environ.get("DB_WAIT_SECONDS", "120"))
for name in ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL"):
    while True:
        try:
            psycopg2.connect(os.environ[name], connect_timeout=5).close()
            break
        except psycopg2.OperationalError as error:
            if time.monotonic() > deadline:
                sys.exit(f"{name}: database not reachable: {error}")
            time.sleep(2)
PY
}

create_sysadmin() {
    # Optional: on a start where CKAN_SYSADMIN_NAME does not exist yet, create it.
    name="${CKAN_SYSADMIN_NAME:-}"
    [ -n "$name" ] || return 0
    if ckan user show "$name" | grep -qx "User: None"; then
        if [ -z "${CKAN_SYSADMIN_EMAIL:-}" ] || [ -z "${CKAN_SYSADMIN_PASSWORD:-}" ]; then
            echo "CKAN_SYSADMIN_NAME is set without CKAN_SYSADMIN_EMAIL/PASSWORD: no sysadmin created" >&2
            return 0
        fi
        ckan user add "$name" email="$CKAN_SYSADMIN_EMAIL" password="$CKAN_SYSADMIN_PASSWORD"
        ckan sysadmin add "$name"
    fi
}

case "${1:-web}" in
    web)
        wait_for_db
        # CKAN core and every enabled plugin's migrations.
        ckan db upgrade
        # Again the migrations (no-op now), the datastore permissions (as ckan_default,
        # owner of the datastore database) and the schedules in Redis: scheduled
        # publications, the harvest check, the Daftar Data reminders.
        ckan satudata prepare
        create_sysadmin
        exec gunicorn \
            --bind 0.0.0.0:5000 \
            --workers "${GUNICORN_WORKERS:-4}" \
            --timeout "${GUNICORN_TIMEOUT:-120}" \
            --forwarded-allow-ips "*" \
            --access-logfile - \
            --chdir /srv/app \
            wsgi:application
        ;;
    worker)
        # As `make demo` starts it (ckanext/satudata_serang/runtime/portal.py): the default
        # queue, with rq's scheduler (CKAN 2.12 runs it unless --no-scheduler).
        exec ckan jobs worker
        ;;
    *)
        exec "$@"
        ;;
esac
