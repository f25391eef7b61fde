"""Translations: the .pot follows the sources, the id catalog translates all of it, the
CKAN core strings of i18n/ckan-core/id.po fill the gaps of CKAN's own Indonesian,
i18n/ckanext-harvest/id.po translates ckanext-harvest (which ships no Indonesian), and
the portal speaks Indonesian by default and English under /en/.

When a test here fails after strings were added or changed, run `make i18n` and
translate the new entries of the id .po; after a CKAN or ckanext-harvest upgrade, fix
ckan-core/id.po or ckanext-harvest/id.po (see README, "Terjemahan (i18n)").
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
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ckan
import ckan.plugins.toolkit as tk
import ckanext.harvest
import ckanext.xloader as xloader_package
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment
from ckan.tests import factories
from ckanext.harvest.model import UPDATE_FREQUENCIES

from ckanext.satudata_serang.harvest.models import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
)
from tests import sdi
from tests.harvest.portal import create_source, portal_people

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
# ckanext-harvest's strings: its template (older than its sources, whose strings count
# too) and our translations of them; "Computed:" marks a msgid made at run time.
HARVEST = Path(ckanext.harvest.__file__).parent
HARVEST_POT = HARVEST / "i18n" / "ckanext-harvest.pot"
HARVEST_PO = I18N / "ckanext-harvest" / "id.po"
# ckanext-xloader's strings on the pages it still serves (its DataStore tab, badges).
XLOADER = Path(xloader_package.__file__).parent
XLOADER_PO = I18N / "ckanext-xloader" / "id.po"
COMPUTED = "Computed:"

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


def _extracted(folder: Path = ROOT / "ckanext") -> set[Key]:
    """What `make i18n` extracts right now (same babel.cfg, same input folder), or
    what it would extract from another package's folder (its tests left out)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {
        _key(message, context)
        for filename, _lineno, message, _comments, context in extract_from_dir(
            str(folder), method_map, options_map
        )
        if not filename.startswith("tests")
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


@pytest.mark.parametrize(
    "po", [PO, CORE_PO, HARVEST_PO], ids=["extension", "ckan-core", "ckanext-harvest"]
)
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


def test_compiled_catalog_has_the_extension_the_ckan_core_and_the_harvest_strings():
    expected = _read(PO)
    # the extension's entry wins, then ckan-core's, then ckanext-harvest's
    for merged in (CORE_PO, HARVEST_PO, XLOADER_PO):
        for message in _messages(_read(merged)):
            if expected.get(message.id, message.context) is None:
                expected[message.id] = message
    installed = _installed()
    assert installed._catalog == _compiled(expected), (  # pyright: ignore[reportAttributeAccessIssue]
        f"{MO.relative_to(ROOT)} is older than the .po files: run `make i18n`"
    )
    assert installed.gettext("This field is required.") == "Wajib diisi."  # extension
    assert installed.gettext("Log in") == "Masuk"  # CKAN core
    assert installed.ngettext("{count} member", "{count} members", 3) == "{count} anggota"
    assert installed.gettext("Reharvest") == "Panen ulang"  # ckanext-harvest
    assert installed.gettext("Upload to DataStore") == "Muat ke DataStore"  # ckanext-xloader
    found = installed.ngettext("{number} harvest found", "{number} harvests found", 2)
    assert found == "{number} sumber panen ditemukan"


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
    assert not (sources / "ckanext-harvest" / "id.mo").exists()


def test_merging_keeps_the_extensions_translation_and_changes_no_catalog():
    merge_catalogs = _compile_catalogs_script().load_setup_py().merge_catalogs
    own, core, harvest = Catalog(locale="id"), Catalog(locale="id"), Catalog(locale="id")
    own.add("Log in", "Masuk ke portal")
    core.add("Log in", "Masuk")
    core.add("Language", "Bahasa")
    core.add(("{n} member", "{n} members"), ("{n} anggota",))
    harvest.add("Log in", "Log masuk")
    harvest.add("Language", "Basa")
    harvest.add("Reharvest", "Panen ulang")
    merged = merge_catalogs(own, core, harvest)
    assert merged.get("Log in").string == "Masuk ke portal"
    assert merged.get("Language").string == "Bahasa"
    assert merged.get("{n} member").string == ("{n} anggota",)
    assert merged.get("Reharvest").string == "Panen ulang"
    assert [m.id for m in _messages(own)] == ["Log in"]
    assert len(list(_messages(core))) == 3
    assert len(list(_messages(harvest))) == 3


# Other packages' strings, translated in i18n/<package>/id.po: CKAN's (ckan-core/id.po:
# translated where CKAN's own Indonesian catalog is empty or fuzzy, or deliberately
# overridden, "Override:") and ckanext-harvest's (all of them, it has no Indonesian).


@functools.cache
def _ckan_pot() -> Catalog:
    return _read(CKAN_POT)


@functools.cache
def _ckan_po() -> Catalog:
    return _read(CKAN_PO)


@functools.cache
def _ckan_strings() -> frozenset[Key]:
    return frozenset(_key(m.id, m.context) for m in _messages(_ckan_pot()))


def _search_result_texts(search_type: str) -> set[Key]:
    """The msgids CKAN's snippets/search_result_text.html makes for a search type it
    does not know ('{number} ' + type + ' found', …), as ckanext-harvest's "harvest"."""
    template = Path(ckan.__file__).parent / "templates" / "snippets" / "search_result_text.html"
    made = {
        name: f"{before}{search_type}{after}"
        for name, before, after in re.findall(
            r"\{% set (\w+) = '([^']*)' \+ type \+ '([^']*)' %\}", template.read_text()
        )
    }
    assert len(made) == 6, f"CKAN's {template.name} changed: {made}"
    return {
        _key((made["text_query_singular"], made["text_query_plural"]), None),
        _key(made["text_query_none_plural"], None),
        _key((made["text_no_query_singular"], made["text_no_query_plural"]), None),
        _key(made["text_no_query_none_plural"], None),
    }


@functools.cache
def _harvest_strings() -> frozenset[Key]:
    """ckanext-harvest's .pot and what babel extracts from its sources (its .pot is
    older than them: a few strings missing, a {% trans %} block left untrimmed), and
    the result counts CKAN shows on its source list."""
    pot = {_key(m.id, m.context) for m in _messages(_read(HARVEST_POT))}
    return frozenset(pot | _extracted(HARVEST) | _search_result_texts("harvest"))


@functools.cache
def _harvest_literals() -> frozenset[str]:
    """The quoted strings of ckanext-harvest's modules and templates, casefolded."""
    literals: set[str] = set()
    for path in sorted(HARVEST.rglob("*")):
        if path.suffix in (".py", ".html") and "tests" not in path.relative_to(HARVEST).parts:
            text = path.read_text(encoding="utf-8")
            literals.update(m[1].casefold() for m in re.findall(r"""(['"])([^'"\n]+)\1""", text))
    return frozenset(literals)


def _is_ckans(message: Message) -> bool:
    return _key(message.id, message.context) in _ckan_strings()


def _is_harvests(message: Message) -> bool:
    """One of ckanext-harvest's strings; a msgid it makes at run time ("Computed:", as
    in _(job.status)) has to be a literal of its sources (its case aside, f.title())."""
    if _key(message.id, message.context) in _harvest_strings():
        return True
    computed = any(comment.startswith(COMPUTED) for comment in message.user_comments)
    literal = isinstance(message.id, str) and message.id.casefold() in _harvest_literals()
    return computed and literal


OTHER_PACKAGES = [
    pytest.param(CORE_PO, _is_ckans, "CKAN's ckan.pot", id="ckan-core"),
    pytest.param(HARVEST_PO, _is_harvests, "ckanext-harvest", id="ckanext-harvest"),
]


@pytest.mark.parametrize(("po", "is_theirs", "whose"), OTHER_PACKAGES)
def test_msgids_are_the_packages_own(
    po: Path, is_theirs: Callable[[Message], bool], whose: str
) -> None:
    unknown = sorted(str(_key(m.id, m.context)) for m in _messages(_read(po)) if not is_theirs(m))
    assert not unknown, (
        f"not in {whose} (typo, or changed by an upgrade): fix or drop them in "
        f"{po.relative_to(ROOT)}: {unknown}"
    )


@pytest.mark.parametrize("po", [CORE_PO, HARVEST_PO], ids=["ckan-core", "ckanext-harvest"])
def test_other_packages_strings_are_translated(po: Path) -> None:
    catalog = _read(po)
    untranslated = sorted(str(m.id) for m in _messages(catalog) if not _translated(m))
    assert not untranslated, f"untranslated or fuzzy in {po.relative_to(ROOT)}: {untranslated}"
    assert catalog.plural_forms == _read(PO).plural_forms == "nplurals=1; plural=0;"


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


def test_every_ckanext_harvest_string_is_translated():
    """All of ckanext-harvest's strings, so that an upgrade that adds one fails here (and
    one that changes a string fails test_msgids_are_the_packages_own)."""
    ours = {_key(m.id, m.context) for m in _messages(_read(HARVEST_PO))}
    frequencies = {_key(f.title(), None) for f in UPDATE_FREQUENCIES}
    missing = sorted(str(key) for key in (_harvest_strings() | frequencies) - ours)
    assert not missing, f"not in {HARVEST_PO.relative_to(ROOT)}, translate them: {missing}"


def test_every_string_of_xloaders_pages_is_translated():
    """Its templates, helpers and views (the DataStore tab, the badges, the delete
    confirmation); an upgrade that adds or changes one fails here."""
    shown = {
        key
        for filename, _lineno, message, _comments, context in _extract_all(XLOADER)
        if filename.startswith("templates") or filename in ("helpers.py", "views.py")
        for key in [_key(message, context)]
    }
    po = {_key(m.id, m.context): m for m in _messages(_read(XLOADER_PO))}
    assert shown, "nothing extracted from ckanext-xloader: babel.cfg or the path changed"
    missing = sorted(str(key) for key in shown if not _translated(po.get(key)))
    assert not missing, f"not in {XLOADER_PO.relative_to(ROOT)}, translate them: {missing}"
    assert not set(po) - shown, "entries xloader no longer has: remove them"


def _extract_all(folder: Path) -> Iterable[tuple[str, int, Any, list[str], str | None]]:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return extract_from_dir(str(folder), method_map, options_map)


def test_ckanext_harvest_strings_read_as_on_the_other_pages():
    """The compiled catalog is one mapping for every page. Where ckanext-harvest shares a
    msgid with the extension ("Update frequency": its form is the extension's), with
    ckan-core/id.po or with CKAN's own id catalog, ckanext-harvest/id.po has the
    translation shown everywhere else: it changes no other page, and whichever catalog
    wins the merge, the harvest pages read the same."""
    own, core = _read(PO), _read(CORE_PO)
    differ = []
    for message in _messages(_read(HARVEST_PO)):
        elsewhere = (
            catalog.get(message.id, message.context) for catalog in (own, core, _ckan_po())
        )
        shown = next((other for other in elsewhere if _translated(other)), None)
        if shown is not None and _strings(shown) != _strings(message):
            differ.append(f"{message.id!r}: {_strings(message)} here, {_strings(shown)} elsewhere")
    assert not differ, f"translated differently on the portal's other pages: {differ}"


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


# ckanext-harvest's pages, as the walidata (who manage every OPD's harvest sources)
# see them: main headings, tabs and buttons in Indonesian.

HARVEST_PAGES = {
    "/harvest": {
        "Sumber Panen",
        "Tambah Sumber Panen",
        "1 sumber panen ditemukan",
        "Urutkan",
        "Frekuensi Pemutakhiran",  # the facet titles (ckanext-harvest's are fixed English)
        "Jenis sumber",
        "Katalog DCAT (RDF)",  # and their values, not MANUAL and dcat_rdf
        "Manual",
    },
    "/harvest/new": {
        "Buat Sumber Panen",
        "Sumber panen",
        "Frekuensi Pemutakhiran",
        "Mingguan",
        "Sumber panen memungkinkan metadata dari katalog lain diimpor ke katalog ini. "
        "Sumber itu dapat berupa katalog lain, misalnya portal CKAN lain, server CSW, "
        "atau Web Accessible Folder (WAF), tergantung pada jenis panen yang tersedia di "
        "portal ini.",
    },
    "/harvest/{source}": {
        "Dataset",
        "Tentang",
        "Sumber panen ini belum punya deskripsi",
        "Belum ada dataset dari sumber panen ini.",
    },
    "/harvest/about/{source}": {"Tentang", "Sumber panen ini belum punya deskripsi"},
    "/harvest/admin/{source}": {
        "Tugas Panen Terakhir",
        "Panen ulang",
        "Kosongkan",
        "Lihat sumber panen",
        "Dasbor",
        "Tugas",
        "Lihat laporan lengkap tugas",
    },
    "/harvest/edit/{source}": {"Edit", "Frekuensi Pemutakhiran", "Konfigurasi", "Hapus sumber"},
    "/harvest/{source}/job": {"Tugas Panen", "Dimulai:", "2 galat", "0 baru", "0 tidak berubah"},
    "/harvest/{source}/job/{job}": {
        "Laporan Tugas",
        "Kembali ke daftar tugas",
        "Ringkasan Galat",
        "Hanya menampilkan 20 galat yang paling sering muncul",
        "Galat Tugas",
        "Laporan Galat",
        "Galat Rekaman",
        "1 rekaman dengan galat",
        "Isi di portal",
        "Jumlah",
        "Pesan",
        "Selesai",
        "0 ditarik",
    },
}


def _harvest_english_and_indonesian() -> tuple[set[str], set[str]]:
    """ckanext-harvest's msgids whose Indonesian differs, and its Indonesian (both with
    whitespace as rendered)."""
    english, indonesian = set(), set()
    for message in _messages(_read(HARVEST_PO)):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        translated = {" ".join(string.split()) for string in _strings(message)}
        english.update(text for msgid in ids if (text := " ".join(msgid.split())) not in translated)
        indonesian.update(translated)
    return english, indonesian


def test_harvest_pages_read_in_indonesian(app, clean_db):
    """Every page of ckanext-harvest the walidata open, with their API token: the source
    list, the new-source form, a source's pages and those of its finished job."""
    walidata = portal_people()["walidata"]
    source = create_source(walidata, "https://data.jakarta.go.id/catalog.ttl")
    # a finished job with an error of the job and one of a record, as a worker leaves it
    now = datetime.now(UTC).replace(tzinfo=None)
    job = HarvestJob(source_id=source["id"], status="Finished", gather_started=now, finished=now)
    job.save()
    HarvestGatherError(message="Sebagian katalog tidak dapat dibaca.", job=job).save()
    record = HarvestObject(guid="http://contoh.go.id/dataset/1", job=job, source=job.source)
    record.save()
    HarvestObjectError(message="Dataset Contoh tidak disimpan.", object=record).save()
    headers = {"Authorization": str(factories.APIToken(user=walidata["name"])["token"])}

    english, indonesian = _harvest_english_and_indonesian()
    # "ID" (for "Id") is also an English CKAN string that CKAN's id catalog leaves empty
    english |= _untranslated_ckan_strings() - indonesian
    for url, expected in HARVEST_PAGES.items():
        page = app.get(url.format(source=source["name"], job=job.id), headers=headers, status=200)
        shown = _visible_strings(page.body)
        assert expected <= shown, f"{url}: not shown in Indonesian: {sorted(expected - shown)}"
        assert not shown & english, f"{url}: still in English: {sorted(shown & english)}"
        assert not shown & {"MANUAL", "dcat_rdf"}, f"{url}: a raw code shown"
