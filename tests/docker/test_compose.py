"""The production stack in docker/ holds together, checked without a container engine.

- docker/compose.yaml is valid against the Compose specification's JSON schema
  (vendored in docker/schema/, see its README) and Debian's `docker-compose config`
  accepts it with docker/env.example (the Makefile installs docker-compose for `make test`;
  without it this test fails, it does not skip);
- every service has a health check and a restart policy, every image a version tag,
  the data lives in named volumes, and no secret is written in the files;
- production.ini loads with CKAN's own loader from the variables Compose passes, with the
  plugins of demo.ini;
- the Dockerfiles pass a small lint in the spirit of hadolint (not installed here),
  see `dockerfile_problems`.

Building and running the images needs an engine: docker/README.md says how an operator
checks that part.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ckan.cli import load_config

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yaml"
ENV_EXAMPLE = DOCKER / "env.example"
SCHEMA = DOCKER / "schema" / "compose-spec.json"
PRODUCTION_INI = DOCKER / "ckan" / "production.ini"
ENTRYPOINT = DOCKER / "ckan" / "entrypoint.sh"
NGINX_CONF = DOCKER / "nginx" / "default.conf"
POSTGRES_INIT = DOCKER / "postgres" / "initdb" / "10-ckan.sh"

SERVICES = {"ckan", "worker", "db", "redis", "solr", "proxy"}
# Services whose data must outlive their containers, and where it lives.
PERSISTENT = {
    "db": "/var/lib/postgresql/data",
    "solr": "/var/solr",
    "redis": "/data",
    "ckan": "/var/lib/ckan",
    "worker": "/var/lib/ckan",
}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN", re.IGNORECASE)
VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z0-9_]+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
# "scheme://user:password@" written out, not through a variable.
LITERAL_CREDENTIALS = re.compile(r"[a-z+]+://[^\s/:@$]+:[^\s/@$]+@")


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def interpolate(value: Any, env: Mapping[str, str]) -> Any:
    """Compose's ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} in strings."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = env.get(name)
        if op in (":-", ":?") and not current:
            current = None
        if current is None:
            if op and op.endswith("?"):
                raise AssertionError(f"{name} is required: {arg}")
            return arg or ""
        return current

    return VARIABLE.sub(substitute, value)


def raw_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def compose() -> dict[str, Any]:
    return interpolate(raw_compose(), read_env_file(ENV_EXAMPLE))


def ini_plugins(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^ckan\.plugins\s*=\s*(.*?)\n(?=\S|\n)", text, re.M | re.S)
    assert match, f"no ckan.plugins in {path}"
    return match[1].split()


# --- the Compose file ----------------------------------------------------------------


def test_compose_file_follows_the_compose_specification() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(raw_compose())
    ]
    assert errors == []


def test_the_schema_check_catches_a_wrong_file() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    wrong = {"services": {"ckan": {"image": "x:1", "healthcheck": {"intervall": "5s"}}}}
    assert not jsonschema.Draft201909Validator(schema).is_valid(wrong)


def test_docker_compose_accepts_the_stack() -> None:
    binary = shutil.which("docker-compose")
    assert binary, (
        "docker-compose is missing: `make test` installs it "
        "(apt-get install --no-install-recommends docker-compose)"
    )
    result = subprocess.run(
        [binary, "-f", str(COMPOSE), "--env-file", str(ENV_EXAMPLE), "config"],
        # Variables of the environment win over the env file: the suite's own
        # CKAN_SQLALCHEMY_URL etc. must not leak in.
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert set(config["services"]) == SERVICES
    env = read_env_file(ENV_EXAMPLE)
    ckan_env = config["services"]["ckan"]["environment"]
    assert ckan_env["CKAN_SQLALCHEMY_URL"] == env["CKAN_SQLALCHEMY_URL"]
    assert ckan_env["CKAN_SATUDATA_SEARCH_BACKEND"] == "solr"
    assert config["services"]["worker"]["environment"] == ckan_env


def test_the_stack_has_its_services_and_no_harvest_consumers() -> None:
    services = compose()["services"]
    # Harvest jobs run in CKAN's own queue (README, "Jobs run by CKAN's worker").
    assert set(services) == SERVICES
    for spec in services.values():
        assert "consumer" not in " ".join(spec.get("command", []))


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_has_a_health_check_and_restarts(service: str) -> None:
    spec = compose()["services"][service]
    check = spec.get("healthcheck", {})
    assert check.get("test") and not check.get("disable"), f"{service}: no health check"
    assert spec.get("restart") in ("unless-stopped", "always"), f"{service}: no restart policy"


def test_ckan_is_checked_through_the_health_endpoint() -> None:
    source = (DOCKER / "ckan" / "healthcheck.py").read_text(encoding="utf-8")
    assert "/kesehatan" in source
    assert compose()["services"]["ckan"]["healthcheck"]["test"][-1] == "web"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_image_is_pinned_to_a_version(service: str) -> None:
    image = compose()["services"][service].get("image", "")
    name, _, tag = image.rpartition(":")
    assert name and "/" not in tag, f"{service}: image {image!r} has no tag"
    assert tag != "latest" and re.search(r"\d", tag), f"{service}: tag {tag!r} is no version"


def test_data_lives_in_named_volumes() -> None:
    stack = compose()
    declared = set(stack["volumes"])
    for service, target in PERSISTENT.items():
        mounts: dict[str, str] = {}
        for mount in stack["services"][service]["volumes"]:
            source, target_path = mount.split(":")[:2]
            mounts[target_path] = source
        assert mounts.get(target) in declared, f"{service}: {target} is not a named volume"


def test_no_secret_is_written_in_the_compose_file() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert not LITERAL_CREDENTIALS.search(text)
    for name, spec in raw_compose()["services"].items():
        env = spec.get("environment", {})
        for key, value in env.items():
            if SECRET_NAME.search(key):
                match = VARIABLE.fullmatch(str(value))
                assert match, f"{name}.{key} is written in the file"
                if match["op"] in ("-", ":-"):
                    assert not match["arg"], f"{name}.{key} has a default value"


def test_production_ini_holds_no_secret() -> None:
    text = PRODUCTION_INI.read_text(encoding="utf-8")
    assert not LITERAL_CREDENTIALS.search(text)
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and SECRET_NAME.search(key) and value.strip():
            assert re.fullmatch(r"\s*%\([A-Z0-9_]+\)s", value), line


def test_env_example_documents_every_variable() -> None:
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    defined = read_env_file(ENV_EXAMPLE)
    used = {m["name"] for m in VARIABLE.finditer(COMPOSE.read_text(encoding="utf-8"))}
    assert used - set(defined) == set(), "used in compose.yaml, missing in env.example"
    assert set(defined) - used == set(), "in env.example, unused by compose.yaml"
    # Every variable follows a comment (its block's description).
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().splitlines()
        if any("=" in line and not line.startswith("#") for line in lines):
            assert lines[0].startswith("#"), f"undocumented: {lines[0]}"
    for name in (
        "CKAN_SITE_URL",
        "CKAN_SQLALCHEMY_URL",
        "CKAN_DATASTORE_WRITE_URL",
        "CKAN_DATASTORE_READ_URL",
        "CKAN_REDIS_URL",
        "CKAN_SOLR_URL",
        "CKAN___BEAKER__SESSION__SECRET",
        "CKAN___API_TOKEN__JWT__ENCODE__SECRET",
        "CKAN___API_TOKEN__JWT__DECODE__SECRET",
        "POSTGRES_PASSWORD",
        "DATASTORE_READONLY_PASSWORD",
        "CKANEXT__SATUDATA_SERANG__SEARCH_BACKEND",
        "CKAN_SMTP_SERVER",
        "CKAN_SYSADMIN_NAME",
    ):
        assert name in defined


def test_env_example_is_consistent() -> None:
    env = read_env_file(ENV_EXAMPLE)
    # CKAN's ini loader interpolates every CKAN_* variable: a "%" would break it.
    assert not [k for k, v in env.items() if "%" in v]
    assert env["CKANEXT__SATUDATA_SERANG__SEARCH_BACKEND"] == "solr"
    # The passwords inside the URLs are the ones the init script gives the roles.
    assert f"ckan_default:{env['CKAN_DB_PASSWORD']}@db/ckan" in env["CKAN_SQLALCHEMY_URL"]
    assert f"ckan_default:{env['CKAN_DB_PASSWORD']}@db/datastore" in env["CKAN_DATASTORE_WRITE_URL"]
    assert (
        f"datastore_default:{env['DATASTORE_READONLY_PASSWORD']}@db/datastore"
        in env["CKAN_DATASTORE_READ_URL"]
    )
    secrets = {k: v for k, v in env.items() if SECRET_NAME.search(k) and v}
    assert all("CHANGE_ME" in v for v in secrets.values()), "a real secret in env.example"


def test_env_file_is_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/docker/.env" in ignored


# --- CKAN's configuration and processes ------------------------------------------------


def test_production_ini_loads_from_the_compose_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environment = compose()["services"]["ckan"]["environment"]
    for key, value in environment.items():
        monkeypatch.setenv(key, str(value))
    config = load_config(str(PRODUCTION_INI))
    env = read_env_file(ENV_EXAMPLE)
    assert config["SECRET_KEY"] == env["CKAN___BEAKER__SESSION__SECRET"]
    assert config["api_token.jwt.encode.secret"] == env["CKAN___API_TOKEN__JWT__ENCODE__SECRET"]
    assert config["api_token.jwt.decode.secret"] == env["CKAN___API_TOKEN__JWT__DECODE__SECRET"]
    assert config["ckanext.satudata_serang.search_backend"] == "solr"
    assert config["ckanext.xloader.jobs_db.uri"] == env["CKAN_SQLALCHEMY_URL"]
    assert "config:" not in PRODUCTION_INI.read_text(encoding="utf-8")


def test_production_ini_enables_the_plugins_of_demo_ini() -> None:
    assert ini_plugins(PRODUCTION_INI) == ini_plugins(ROOT / "demo.ini")


def test_production_ini_has_no_development_settings() -> None:
    text = PRODUCTION_INI.read_text(encoding="utf-8")
    assert re.search(r"^debug = false$", text, re.M)
    assert "solr_check" not in text  # the quiet Solr probe of the PostgreSQL backend


def test_web_runs_gunicorn_on_ckans_wsgi_app_not_ckan_run() -> None:
    entrypoint = ENTRYPOINT.read_text(encoding="utf-8")
    assert "exec gunicorn" in entrypoint and "wsgi:application" in entrypoint
    assert "ckan run" not in entrypoint
    wsgi = (DOCKER / "ckan" / "wsgi.py").read_text(encoding="utf-8")
    assert 'make_app(load_config(os.environ["CKAN_INI"]))' in wsgi
    pins = (DOCKER / "ckan" / "requirements-production.txt").read_text(encoding="utf-8")
    assert re.search(r"^gunicorn==[\d.]+$", pins, re.M)


def test_web_prepares_the_databases_before_serving() -> None:
    entrypoint = ENTRYPOINT.read_text(encoding="utf-8")
    web = entrypoint[entrypoint.index("    web)") : entrypoint.index("    worker)")]
    steps = [web.index(s) for s in ("wait_for_db", "ckan db upgrade", "ckan satudata prepare")]
    assert steps == sorted(steps) and steps[-1] < web.index("exec gunicorn")


def test_worker_runs_like_the_demos_with_rqs_scheduler() -> None:
    entrypoint = ENTRYPOINT.read_text(encoding="utf-8")
    assert re.search(r"^\s*exec ckan jobs worker\s*$", entrypoint, re.M)
    portal = (ROOT / "ckanext" / "satudata_serang" / "runtime" / "portal.py").read_text(
        encoding="utf-8"
    )
    assert '[ckan, "jobs", "worker"]' in portal
    assert compose()["services"]["worker"]["command"] == ["worker"]


@pytest.mark.parametrize(("shell", "script"), [("sh", ENTRYPOINT), ("bash", POSTGRES_INIT)])
def test_shell_scripts_parse(shell: str, script: Path) -> None:
    subprocess.run([shell, "-n", str(script)], check=True, timeout=30)
    assert script.stat().st_mode & 0o111, f"{script} is not executable"


# --- PostgreSQL, Solr, nginx -------------------------------------------------------------


def test_postgres_init_creates_the_roles_and_databases_of_the_urls() -> None:
    script = POSTGRES_INIT.read_text(encoding="utf-8")
    assert "CREATE ROLE ckan_default LOGIN NOSUPERUSER" in script
    assert "CREATE ROLE datastore_default LOGIN NOSUPERUSER" in script
    assert "CREATE DATABASE ckan OWNER ckan_default" in script
    assert "CREATE DATABASE datastore OWNER ckan_default" in script
    assert "GRANT CONNECT ON DATABASE datastore TO datastore_default" in script
    assert "GRANT SELECT ON TABLES TO datastore_default" in script
    db = compose()["services"]["db"]
    assert "./postgres/initdb:/docker-entrypoint-initdb.d:ro" in db["volumes"]


def test_solr_serves_the_configset_of_docker_solr_as_core_ckan() -> None:
    solr = compose()["services"]["solr"]
    assert "./solr:/opt/solr/server/solr/configsets/ckan:ro" in solr["volumes"]
    assert solr["command"] == ["solr-precreate", "ckan", "/opt/solr/server/solr/configsets/ckan"]
    assert read_env_file(ENV_EXAMPLE)["CKAN_SOLR_URL"].endswith("/solr/ckan")


def test_nginx_fits_ckan() -> None:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    upload_mb = int(compose()["services"]["ckan"]["environment"]["CKAN_MAX_UPLOAD_SIZE_MB"])
    ini = PRODUCTION_INI.read_text(encoding="utf-8")
    assert re.search(rf"^ckan\.max_resource_size = {upload_mb}$", ini, re.M)
    body = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body and int(body[1]) == upload_mb + 1
    assert re.search(r"^\s*gzip on;", conf, re.M)
    assert "server ckan:5000;" in conf and "proxy_pass http://ckan;" in conf
    assert re.search(r"location ~ \^/\(webassets[^{]*\{[^}]*proxy_cache ckan_static;", conf)
    assert "location = /nginx-health" in conf
    proxy = compose()["services"]["proxy"]
    assert "./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]


# --- Dockerfile lint -------------------------------------------------------------------


def instructions(text: str) -> Iterator[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined."""
    logical = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    for line in logical.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            yield word.upper(), rest.strip()


def dockerfile_problems(text: str, *, compose_healthcheck: bool) -> list[str]:
    """The hadolint rules that matter here (hadolint itself is not on this machine).

    DL3006/DL3007 FROM with a version tag, never `latest`; DL3020 COPY, not ADD (and
    never ADD of a URL); DL3009/DL3015 `apt-get install` with `-y` and
    `--no-install-recommends`, in the same RUN as `apt-get update` and the removal of
    /var/lib/apt/lists; DL3042 pip without a cache; DL3002 the last USER is not root;
    DL3000 absolute WORKDIR; DL3004 no sudo; DL3025 ENTRYPOINT/CMD in JSON form; and a
    HEALTHCHECK in the image or in compose.yaml. Not checked: DL3008 (Debian package
    versions are not pinned: security updates of the base come with each build).
    """
    problems: list[str] = []
    stages: set[str] = set()
    env = ""
    users: list[str] = []
    healthcheck = compose_healthcheck
    for word, args in instructions(text):
        if word == "FROM":
            parts = args.split()
            image = next(p for p in parts if not p.startswith("--"))
            if image not in stages:
                _, _, tag = image.partition(":")
                if not tag or tag == "latest" or not re.search(r"\d", tag):
                    problems.append(f"FROM {image}: no version tag")
            if len(parts) >= 3 and parts[-2].upper() == "AS":
                stages.add(parts[-1])
        elif word == "ADD":
            problems.append(f"ADD {args}: use COPY" + (" (URL)" if "://" in args else ""))
        elif word == "ENV":
            env += " " + args
        elif word == "USER":
            users.append(args.split(":")[0])
        elif word == "WORKDIR" and not args.startswith("/"):
            problems.append(f"WORKDIR {args}: not absolute")
        elif word == "HEALTHCHECK" and args.upper() != "NONE":
            healthcheck = True
        elif word in ("ENTRYPOINT", "CMD") and not args.startswith("["):
            problems.append(f"{word} {args}: not in JSON form")
        elif word == "RUN":
            if re.search(r"\bsudo\b", args):
                problems.append(f"RUN {args}: sudo")
            if re.search(r"apt-get\s+(?:\S+\s+)*install", args):
                for needed in ("-y", "--no-install-recommends", "apt-get update"):
                    if needed not in shlex.split(args) and needed not in args:
                        problems.append(f"RUN {args}: apt-get install without {needed}")
                if "rm -rf /var/lib/apt/lists" not in args:
                    problems.append(f"RUN {args}: apt lists not removed")
            if (
                re.search(r"\bpip3? install\b", args)
                and "--no-cache-dir" not in args
                and ("PIP_NO_CACHE_DIR" not in env)
            ):
                problems.append(f"RUN {args}: pip cache kept")
    if not users or users[-1] in ("root", "0"):
        problems.append("runs as root: no USER with another user at the end")
    if not healthcheck:
        problems.append("no HEALTHCHECK (neither in the image nor in compose.yaml)")
    return problems


def dockerfiles() -> list[Path]:
    return sorted(DOCKER.rglob("Dockerfile"))


def healthchecked_in_compose(dockerfile: Path) -> bool:
    for spec in compose()["services"].values():
        build = spec.get("build")
        if isinstance(build, dict) and "healthcheck" in spec:
            path = COMPOSE.parent / build["context"] / build.get("dockerfile", "Dockerfile")
            if path.resolve() == dockerfile.resolve():
                return True
    return False


def test_there_is_a_dockerfile_for_ckan() -> None:
    assert DOCKER / "ckan" / "Dockerfile" in dockerfiles()


@pytest.mark.parametrize("dockerfile", dockerfiles(), ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_lint(dockerfile: Path) -> None:
    text = dockerfile.read_text(encoding="utf-8")
    assert dockerfile_problems(text, compose_healthcheck=healthchecked_in_compose(dockerfile)) == []


def test_the_dockerfile_lint_finds_the_usual_mistakes() -> None:
    bad = (
        "FROM python:latest\n"
        "FROM debian\n"
        "ADD https://example.org/x.tgz /x\n"
        "WORKDIR app\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "RUN pip install requests\n"
        "CMD gunicorn app\n"
    )
    problems = dockerfile_problems(bad, compose_healthcheck=False)
    assert len(problems) == 10, problems
    assert (
        dockerfile_problems(
            'FROM python:3.11.11-slim AS build\nFROM build\nUSER app\nHEALTHCHECK CMD ["true"]\n',
            compose_healthcheck=False,
        )
        == []
    )
