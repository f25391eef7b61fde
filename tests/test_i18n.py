"""Translations: the .pot follows the sources, the id catalog translates all of it, and
the portal speaks Indonesian by default and English under /en/.

When a test here fails after strings were added or changed, run `make i18n` and
translate the new entries of the id .po (see README, "Terjemahan (i18n)").
"""

from __future__ import annotations

import gettext
import io
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from ckan.tests import factories

from tests import sdi

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "ckanext-satudata_serang"
I18N = ROOT / "ckanext" / "satudata_serang" / "i18n"
POT = I18N / f"{DOMAIN}.pot"
PO = I18N / "id" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
FIX = "run `make i18n` and translate the new entries of the id .po"

Key = tuple[str | None, tuple[str, ...]]  # (context, (msgid, msgid_plural?))


def _key(msgid: str | tuple[str, ...] | list[str], context: str | None) -> Key:
    ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
    return context, ids


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)


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


def test_placeholders_are_kept_in_the_translation():
    broken = []
    for message in _messages(_read(PO)):
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


def test_compiled_catalog_matches_the_po():
    assert MO.is_file(), f"{MO.relative_to(ROOT)} is missing: run `make install` or `make i18n`"
    fresh = io.BytesIO()
    write_mo(fresh, _read(PO))
    fresh.seek(0)
    with MO.open("rb") as f:
        installed = gettext.GNUTranslations(f)
    expected = gettext.GNUTranslations(fresh)
    assert installed._catalog == expected._catalog, (  # pyright: ignore[reportAttributeAccessIssue]
        f"{MO.relative_to(ROOT)} is older than the .po: run `make i18n`"
    )
    assert installed.gettext("This field is required.") == "Wajib diisi."


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
