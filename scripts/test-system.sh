#!/usr/bin/env bash
# Run the whole suite against already-running PostgreSQL and Redis servers instead of
# the embedded ones: creates throwaway databases and a read-only role, points CKAN's
# standard environment variables at them, runs `make test`, then drops the databases.
#
#   SYSTEM_PG   superuser URL of the server   (default postgresql://postgres@127.0.0.1:5432)
#   SYSTEM_REDIS Redis URL, database 1 used   (default redis://127.0.0.1:6379/1)
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${SYSTEM_PG:-postgresql://postgres@127.0.0.1:5432}
redis=${SYSTEM_REDIS:-redis://127.0.0.1:6379/1}
suffix=$$
main=satudata_test_$suffix
store=satudata_test_ds_$suffix
ro=satudata_test_ro_$suffix
ro_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')

cleanup() {
  psql "$pg/postgres" -qX -v ON_ERROR_STOP=0 \
    -c "DROP DATABASE IF EXISTS $main WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS $store WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS $ro" >/dev/null
}
trap cleanup EXIT
psql "$pg/postgres" -qX -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE $main ENCODING 'UTF8' TEMPLATE template0" \
  -c "CREATE DATABASE $store ENCODING 'UTF8' TEMPLATE template0" \
  -c "CREATE ROLE $ro LOGIN PASSWORD '$ro_password'"

host_part=${pg#postgresql://}
host_part=${host_part#*@}
CKAN_SQLALCHEMY_URL="$pg/$main" \
CKAN_DATASTORE_WRITE_URL="$pg/$store" \
CKAN_DATASTORE_READ_URL="postgresql://$ro:$ro_password@$host_part/$store" \
CKAN_REDIS_URL="$redis" \
  make test PYTEST_ARGS="${PYTEST_ARGS:-}"
