"""Translations: the .pot follows the sources, the id catalog translates all of it, the
CKAN core strings of i18n/ckan-core/id.po fill the gaps of CKAN's own Indonesian, and
the portal speaks Indonesian by default and English under /en/.

When a test here fails after strings were added or changed, run `make i18n` and
translate the new entries of the id .po; after a CKAN upgrade, fix ckan-core/id.po
(see README, "Terjemahan (i18n)").
"""

from __future__ import annotations

import functools
import gettext
import importlib.util
import io
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ckan
import ckan.plugins.toolkit as tk
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment
from ckan.tests import factories

from tests import sdi

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "ckanext-satudata_serang"
I18N = ROOT / "ckanext" / "satudata_serang" / "i18n"
POT = I18N / f"{DOMAIN}.pot"
PO = I18N / "id" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
FIX = "run `make i18n` and translate the new entries of the id .po"
# CKAN's own strings: its template and Indonesian catalog, and our translations of them.
CKAN_POT = Path(ckan.__file__).parent / "i18n" / "ckan.pot"
CKAN_PO = CKAN_POT.parent / "id" / "LC_MESSAGES" / "ckan.po"
CORE_PO = I18N / "ckan-core" / "id.po"
OVERRIDE = "Override:"

Key = tuple[str | None, tuple[str, ...]]  # (context, (msgid, msgid_plural?))


def _key(msgid: str | tuple[str, ...] | list[str], context: str | None) -> Key:
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    return context, ids


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    return (string,) if isinstance(string, str) else tuple(string or ())


def _translated(message: Message | None) -> bool:
    strings = _strings(message) if message is not None else ()
    return message is not None and not message.fuzzy and bool(strings) and all(strings)


def _extracted() -> set[Key]:
    """What `make i18n` extracts right now (same babel.cfg, same input folder)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {
        _key(message, context)
        for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT / "ckanext"), method_map, options_map
        )
    }


def test_pot_is_up_to_date_with_the_sources():
    extracted = _extracted()
    in_pot = {_key(m.id, m.context) for m in _messages(_read(POT))}
    assert extracted, "no translatable strings found: babel.cfg or the extractor is broken"
    assert not extracted - in_pot, f"strings missing from the .pot, {FIX}"
    assert not in_pot - extracted, f"strings no longer in the sources, {FIX}"


def test_every_string_has_an_indonesian_translation():
    pot = {_key(m.id, m.context) for m in _messages(_read(POT))}
    po = {_key(m.id, m.context): m for m in _messages(_read(PO))}
    missing = sorted(str(key) for key in pot if key not in po)
    assert not missing, f"not in the id .po, {FIX}: {missing}"
    untranslated = sorted(
        str(key)
        for key in pot
        if po[key].fuzzy
        or not all(
            (po[key].string,) if isinstance(po[key].string, str) else po[key].string or ("",)
        )
    )
    assert not untranslated, f"untranslated or fuzzy in the id .po: {untranslated}"


PLACEHOLDER = re.compile(
    r"\{\{|\}\}"  # escaped braces, not placeholders
    r"|(\{[^{}]*\})"  # str.format: {name}, {0}, {value:.1f}
    r"|(%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%])"  # %-style: %s, %(name)s
)


def _placeholders(text: str) -> Counter[str]:
    return Counter(
        brace or percent
        for brace, percent in PLACEHOLDER.findall(text)
        if (brace or percent) and percent != "%%"
    )


@pytest.mark.parametrize("po", [PO, CORE_PO], ids=["extension", "ckan-core"])
def test_placeholders_are_kept_in_the_translation(po):
    broken = []
    for message in _messages(_read(po)):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else message.string
        expected = _placeholders(ids[0])
        for translated in strings or ():
            if translated and _placeholders(translated) != expected:
                broken.append((ids[0], translated))
    assert not broken, f"placeholders differ between msgid and msgstr: {broken}"


def test_placeholder_pattern():
    assert _placeholders("Kode {code} dari %(name)s, %s dan 100%% {{literal}}") == Counter(
        {"{code}": 1, "%(name)s": 1, "%s": 1}
    )


def _compiled(catalog: Catalog) -> dict[Any, str]:
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)._catalog  # pyright: ignore[reportAttributeAccessIssue]


def _installed() -> gettext.GNUTranslations:
    assert MO.is_file(), f"{MO.relative_to(ROOT)} is missing: run `make install` or `make i18n`"
    with MO.open("rb") as f:
        return gettext.GNUTranslations(f)


def test_compiled_catalog_has_the_extension_and_the_ckan_core_strings():
    expected = _read(PO)
    for message in _messages(_read(CORE_PO)):
        if expected.get(message.id, message.context) is None:  # the extension's entry wins
            expected[message.id] = message
    installed = _installed()
    assert installed._catalog == _compiled(expected), (  # pyright: ignore[reportAttributeAccessIssue]
        f"{MO.relative_to(ROOT)} is older than the .po files: run `make i18n`"
    )
    assert installed.gettext("This field is required.") == "Wajib diisi."  # extension
    assert installed.gettext("Log in") == "Masuk"  # CKAN core
    assert installed.ngettext("{count} member", "{count} members", 3) == "{count} anggota"


def _compile_catalogs_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "compile_catalogs", ROOT / "scripts" / "compile_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_makefile_and_setup_py_compile_the_same_catalog(tmp_path):
    """The Makefile's script runs setup.py's compile_catalogs (used by `pip install`)."""
    sources = tmp_path / "i18n"
    shutil.copytree(I18N, sources, ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_catalogs.py"), str(sources)],
        check=True,
        cwd=tmp_path,
    )
    compiled = sources / MO.relative_to(I18N)
    assert compiled.read_bytes() == MO.read_bytes()
    assert not (sources / "ckan-core" / "id.mo").exists()


def test_merging_keeps_the_extensions_translation_and_changes_neither_catalog():
    merge_catalogs = _compile_catalogs_script().load_setup_py().merge_catalogs
    own, core = Catalog(locale="id"), Catalog(locale="id")
    own.add("Log in", "Masuk ke portal")
    core.add("Log in", "Masuk")
    core.add("Language", "Bahasa")
    core.add(("{n} member", "{n} members"), ("{n} anggota",))
    merged = merge_catalogs(own, core)
    assert merged.get("Log in").string == "Masuk ke portal"
    assert merged.get("Language").string == "Bahasa"
    assert merged.get("{n} member").string == ("{n} anggota",)
    assert [m.id for m in _messages(own)] == ["Log in"]
    assert len(list(_messages(core))) == 3


# CKAN core strings (i18n/ckan-core/id.po): CKAN's msgids, translated where CKAN's own
# Indonesian catalog is empty or fuzzy, or deliberately overridden ("Override:").


@functools.cache
def _ckan_pot() -> Catalog:
    return _read(CKAN_POT)


@functools.cache
def _ckan_po() -> Catalog:
    return _read(CKAN_PO)


def test_ckan_core_msgids_are_ckans():
    pot = {_key(m.id, m.context) for m in _messages(_ckan_pot())}
    unknown = sorted(
        str(key) for m in _messages(_read(CORE_PO)) if (key := _key(m.id, m.context)) not in pot
    )
    assert not unknown, (
        f"not in CKAN's ckan.pot (typo, or changed by a CKAN upgrade): fix or drop them in "
        f"{CORE_PO.relative_to(ROOT)}: {unknown}"
    )


def test_ckan_core_strings_are_translated():
    core = _read(CORE_PO)
    untranslated = sorted(str(m.id) for m in _messages(core) if not _translated(m))
    assert not untranslated, f"untranslated or fuzzy in {CORE_PO.relative_to(ROOT)}: {untranslated}"
    assert core.plural_forms == _read(PO).plural_forms == "nplurals=1; plural=0;"


def test_ckan_core_strings_override_ckan_only_on_purpose():
    """An entry fills a gap of CKAN's id catalog, or says why it replaces CKAN's text."""
    unmarked, stale = [], []
    for message in _messages(_read(CORE_PO)):
        ckan_has_it = _translated(_ckan_po().get(message.id, message.context))
        marked = any(comment.startswith(OVERRIDE) for comment in message.user_comments)
        if ckan_has_it and not marked:
            unmarked.append(message.id)
        elif marked and not ckan_has_it:
            stale.append(message.id)
    assert not unmarked, (
        f"CKAN translates these already; drop them or add '# {OVERRIDE} why': {unmarked}"
    )
    assert not stale, f"'{OVERRIDE}' on strings CKAN does not translate: {stale}"


def test_ckan_core_strings_are_not_in_the_extension_catalog():
    """The extension's catalog is its own strings only; on a shared msgid its
    translation would silently win over ckan-core/id.po."""
    own = {_key(m.id, m.context) for m in _messages(_read(PO))}
    both = sorted(
        str(key) for m in _messages(_read(CORE_PO)) if (key := _key(m.id, m.context)) in own
    )
    assert not both, f"in both catalogs, keep one: {both}"


# The portal itself: CKAN picks the language from the URL prefix (/en/...), the
# default (ckan.locale_default = id) has none; API calls included.


@pytest.fixture
def sysadmin(clean_db: None) -> dict[str, Any]:
    sdi.Organization(name="diskominfo", title="Dinas Komunikasi dan Informatika")
    return factories.SysadminWithToken()


def _create_with_bad_email(app: Any, sysadmin: dict[str, Any], prefix: str) -> dict[str, Any]:
    response = app.post(
        f"{prefix}/api/3/action/package_create",
        json=sdi.complete(name="data-uji", owner_org="diskominfo", kontak_email="bukan-email"),
        headers={"Authorization": sysadmin["token"]},
        status=409,
    )
    return response.json["error"]


def test_validation_message_is_indonesian_by_default(app, sysadmin):
    error = _create_with_bad_email(app, sysadmin, "")
    assert error["kontak_email"] == ["Bukan alamat email yang sah."]


def test_validation_message_is_english_under_en(app, sysadmin):
    error = _create_with_bad_email(app, sysadmin, "/en")
    assert error["kontak_email"] == ["Not a valid email address."]


def test_templates_are_translated(app, clean_db):
    assert "Belum ada dataset yang diterbitkan." in app.get("/").body
    assert "No datasets have been published yet." in app.get("/en/").body


# The portal's public pages in Indonesian show no CKAN string that neither CKAN's id
# catalog nor ckan-core/id.po translates.

VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
PASSWORD = "kata-sandi-uji-123"


@functools.cache
def _untranslated_by_ckan() -> dict[str, tuple[str, ...]]:
    """English msgid or plural (whitespace as rendered) -> its entry's msgids, for every
    CKAN string that CKAN's own id catalog leaves untranslated."""
    untranslated = {}
    for message in _messages(_ckan_pot()):
        if not _translated(_ckan_po().get(message.id, message.context)):
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            untranslated.update({" ".join(msgid.split()): ids for msgid in ids})
    return untranslated


@functools.cache
def _untranslated_ckan_strings() -> frozenset[str]:
    """Those of them that our catalog does not translate either."""
    ours = _installed()._catalog  # pyright: ignore[reportAttributeAccessIssue]
    return frozenset(
        text
        for text, ids in _untranslated_by_ckan().items()
        if ids[0] not in ours and (ids[0], 0) not in ours
    )


def _visible_strings(body: str) -> set[str]:
    """Text nodes and the attribute values a reader (or screen reader) meets."""
    page = BeautifulSoup(body, "html.parser")
    for hidden in page(["script", "style", "template"]):
        hidden.decompose()
    strings = {
        " ".join(node.split())
        for node in page.find_all(string=True)
        if not isinstance(node, Comment)
    }
    for tag in page.find_all(True):
        strings.update(str(tag[name]) for name in VISIBLE_ATTRIBUTES if tag.has_attr(name))
        if tag.name in ("button", "input") and tag.get("type") in ("submit", "button", "reset"):
            strings.add(str(tag.get("value", "")))
    return {" ".join(text.split()) for text in strings} - {""}


@pytest.fixture(scope="module")
def public_portal(reset_db: Any) -> dict[str, Any]:
    reset_db()
    opd = sdi.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        singkatan="DISDUKCAPIL",
        description="Pengelola data kependudukan Kota Serang.",
    )
    sdi.Organization(name="dinkes", title="Dinas Kesehatan", singkatan="DINKES")
    for name, role in (("admin_opd", "admin"), ("produsen", "editor")):
        factories.User(name=name, password=PASSWORD)
        tk.get_action("organization_member_create")(
            {"ignore_auth": True}, {"id": "disdukcapil", "username": name, "role": role}
        )
    dataset = sdi.Dataset(
        name="jumlah-penduduk",
        title="Jumlah Penduduk menurut Kecamatan",
        owner_org=opd["id"],
        tags=[{"name": "penduduk"}],
        resources=[{"url": "http://example.com/penduduk.csv", "format": "CSV", "name": "Tabel"}],
    )
    sdi.Dataset(
        name="tanpa-lisensi",
        title="Data Tanpa Lisensi",
        owner_org=opd["id"],
        license_id="",
        resources=[{"url": "http://example.com/data.csv", "format": "CSV"}],
    )
    return {"dataset": dataset["name"], "resource": dataset["resources"][0]["id"]}


PUBLIC_PAGES = [
    "/",
    "/dataset/",
    "/dataset/?q=penduduk&organization=disdukcapil&res_format=CSV",
    "/dataset/?q=tidak-ada-yang-cocok",
    "/dataset/{dataset}",
    "/dataset/tanpa-lisensi",
    "/dataset/{dataset}/resource/{resource}",
    "/dataset/activity/{dataset}",
    "/organization/",
    "/organization/disdukcapil",
    "/organization/about/disdukcapil",
    "/organization/dinkes",
    "/user/login",
    "/user/register",
    "/user/reset",
]


# What an OPD's produsen (editor) and admin work with.
STAFF_PAGES = {
    "produsen": [
        "/dashboard/datasets",
        "/user/produsen",
        "/user/edit/produsen",
        "/dataset/new",
        "/dataset/edit/{dataset}",
        "/dataset/{dataset}/resource/new",
        "/dataset/{dataset}/resource/{resource}/edit",
        "/dataset/resources/{dataset}",
    ],
    "admin_opd": [
        "/organization/disdukcapil",
        "/organization/members/disdukcapil",
        "/organization/manage_members/disdukcapil",
        "/organization/member_new/disdukcapil",
        "/organization/member_new/disdukcapil?user=produsen",
        "/organization/edit/disdukcapil",
        "/organization/bulk_process/disdukcapil",
    ],
}


def _untranslated_on(app: Any, urls: list[str], names: dict[str, Any]) -> dict[str, list[str]]:
    """Page -> the untranslated CKAN strings it shows (pages that show none left out)."""
    found = {}
    for url in urls:
        body = app.get(url.format(**names), status=200).body
        if english := sorted(_visible_strings(body) & _untranslated_ckan_strings()):
            found[url] = english
    return found


def _log_in(app: Any, user: str) -> None:
    form = app.get("/user/login", status=200).body
    csrf = re.search(r'name="_csrf_token" content="([^"]+)"', form)
    assert csrf, "no CSRF token on the login page"
    app.post(
        "/user/login",
        data={"login": user, "password": PASSWORD, "_csrf_token": csrf.group(1)},
        status=200,
    )
    assert f"/user/{user}" in app.get("/dashboard/datasets", status=200).body, "not logged in"


UNTRANSLATED = "CKAN strings with no Indonesian translation, translate them in ckan-core/id.po"


def test_public_pages_show_no_untranslated_ckan_string(app, public_portal):
    assert not _untranslated_on(app, PUBLIC_PAGES, public_portal), UNTRANSLATED


@pytest.mark.parametrize("user", sorted(STAFF_PAGES))
def test_opd_staff_pages_show_no_untranslated_ckan_string(app, public_portal, user):
    _log_in(app, user)
    assert not _untranslated_on(app, STAFF_PAGES[user], public_portal), UNTRANSLATED


def test_public_pages_read_in_indonesian(app, public_portal):
    search = _visible_strings(app.get("/dataset/?q=penduduk").body)
    assert {"Langsung ke konten utama", "Masuk", "Bahasa", "Urutkan", "Saring hasil"} <= search
    dataset = _visible_strings(app.get("/dataset/tanpa-lisensi").body)
    assert {"Data dan Sumber Daya", "Jelajahi", "Tidak ada lisensi"} <= dataset
    # the check above sees them: in English they are CKAN strings its id catalog lacks
    english = _visible_strings(app.get("/en/dataset/tanpa-lisensi").body)
    assert {"Data and Resources", "Explore", "No License Provided"} <= english & set(
        _untranslated_by_ckan()
    )
