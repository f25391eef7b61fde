#!/bin/bash
# First start of the db service only (empty data volume): the roles and databases of
# CKAN, as the project's own runtime creates them (ckanext/satudata_serang/runtime/
# postgres.py), with the datastore's read-only user.
#
#   ckan_default       owner of the databases `ckan` and `datastore` (CKAN writes both)
#   datastore_default  read-only: may connect to `datastore` only, and only SELECT there
#
# `ckan satudata prepare` (docker/ckan/entrypoint.sh) then applies CKAN's datastore
# permission script as ckan_default, which owns the datastore database and its public
# schema, so no superuser password reaches the CKAN containers.
set -euo pipefail

: "${CKAN_DB_PASSWORD:?CKAN_DB_PASSWORD is required}"
: "${DATASTORE_READONLY_PASSWORD:?DATASTORE_READONLY_PASSWORD is required}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v ckan_password="$CKAN_DB_PASSWORD" \
    -v readonly_password="$DATASTORE_READONLY_PASSWORD" <<'SQL'
CREATE ROLE ckan_default LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'ckan_password';
CREATE ROLE datastore_default LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT
    PASSWORD :'readonly_password';

CREATE DATABASE ckan OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE datastore OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;

-- PUBLIC may connect to every database by default: only the owners (and the read-only
-- user, to the datastore) may.
REVOKE ALL ON DATABASE ckan FROM PUBLIC;
REVOKE ALL ON DATABASE datastore FROM PUBLIC;
GRANT CONNECT ON DATABASE datastore TO datastore_default;

\connect datastore
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO datastore_default;
ALTER DEFAULT PRIVILEGES FOR ROLE ckan_default IN SCHEMA public
    GRANT SELECT ON TABLES TO datastore_default;
SQL
