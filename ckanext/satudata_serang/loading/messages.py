"""What the uploader reads about a load on the resource page (Indonesian by default:
the worker runs each load in a request of the site's language)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ..harvest.safety import Refused


def _columns(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list | tuple) else str(values)


def problem(code: str, values: Mapping[str, Any]) -> str:
    """Why the file was not loaded, and what to do."""
    v = dict(values)
    match code:
        case "berkas_kosong":
            return tk._("The file is empty.")
        case "bukan_tabel":
            return tk._(
                "The file is not a table: no row with at least two filled columns was found. "
                "Upload a CSV, XLSX, XLS or ODS file with a header row."
            )
        case "format_tidak_didukung":
            return tk._(
                "{kind} files cannot be loaded into the DataStore. Upload the table as CSV, "
                "XLSX, XLS or ODS."
            ).format(kind=v.get("jenis", ""))
        case "xlsx_rusak" | "xls_rusak" | "ods_rusak":
            return tk._(
                "The spreadsheet is damaged or not a real Excel/OpenDocument file. Open it, "
                "save it again and upload it once more."
            )
        case "csv_rusak":
            return tk._("The CSV file cannot be read at row {row}: {detail}").format(
                row=v.get("baris", "?"), detail=v.get("detail", "")
            )
        case "header_kosong":
            return tk._(
                "Column {columns} of the header (row {row}) has no name but holds data. "
                "Give every column a name."
            ).format(columns=_columns(v.get("kolom", "")), row=v.get("baris", "?"))
        case "header_ganda":
            return tk._(
                'Columns {columns} of the header (row {row}) have the same name "{name}". '
                "Give every column its own name."
            ).format(
                columns=_columns(v.get("kolom", "")),
                row=v.get("baris", "?"),
                name=v.get("nama", ""),
            )
        case "baris_terlalu_lebar":
            return tk._(
                'Row {row} has a value beyond the last column of the header ("{value}"). '
                "Add a column name or remove the value."
            ).format(row=v.get("baris", "?"), value=v.get("nilai", ""))
        case "catatan_di_tengah":
            return tk._(
                'A note row (such as "Sumber: …") is followed by more data at row {row}. '
                "Put notes below the table only."
            ).format(row=v.get("baris", "?"))
        case "terlalu_besar":
            return tk._("The file is larger than the limit of {megabytes} MB.").format(
                megabytes=v.get("mb", "?")
            )
        case "berkas_hilang":
            return tk._("The uploaded file was not found in the portal's storage. Upload it again.")
        case "tabel_sibuk":
            return tk._(
                "The DataStore table was in use for too long to be replaced. Try the upload "
                "again in a few minutes."
            )
        case "batas_waktu":
            return tk._(
                "Loading was stopped after {minutes} minutes, its time limit. The previous data "
                "is still available."
            ).format(minutes=v.get("menit", "?"))
        case _:
            return tk._(
                "The data could not be loaded because of a system error. The previous data is "
                "still available; the portal's administrators (Diskominfo) have been notified "
                "in the log."
            )


def refused(error: Refused) -> str:
    """Why a linked file was not downloaded."""
    p = error.params
    match error.reason:
        case "scheme":
            return tk._("Only http:// and https:// links can be loaded: {url}").format(**p)
        case "malformed":
            return tk._("Not a valid web address: {url}").format(**p)
        case "unresolved":
            return tk._("The host {host} could not be found.").format(**p)
        case "address":
            return tk._(
                "The link's host {host} resolves to {address}, a private, loopback, "
                "link-local or reserved address, so its file is not downloaded. A sysadmin "
                "can allow it in ckanext.satudata_serang.loading_allowed_hosts."
            ).format(**p)
        case "status":
            return tk._("The server answered {status} for {url}.").format(**p)
        case "size":
            return tk._("The file at {url} is larger than the limit of {megabytes} MB.").format(
                url=p["url"], megabytes=p["limit"] // (1024 * 1024)
            )
        case "time":
            return tk._("The download from {url} did not finish within {seconds} seconds.").format(
                url=p["url"], seconds=int(p["seconds"])
            )
        case "redirects":
            return tk._("Too many redirects from {url}.").format(**p)
        case _:
            return tk._("Could not download {url}: {error}").format(
                url=p.get("url", ""), error=p.get("error", error.reason)
            )


def note(code: str, values: Mapping[str, Any]) -> str:
    """Something the load did that the uploader should know."""
    v = dict(values)
    match code:
        case "judul_dilewati":
            return tk._("{rows} row(s) above the header (titles) were skipped.").format(
                rows=v.get("baris", "?")
            )
        case "catatan_dilewati":
            return tk._(
                '{rows} note row(s) below the table (such as "Sumber: …") were skipped.'
            ).format(rows=v.get("baris", "?"))
        case "kolom_diganti":
            return tk._('Column "{written}" is named "{name}" in the DataStore.').format(
                written=v.get("tertulis", ""), name=v.get("nama", "")
            )
        case "angka_indonesia":
            return tk._(
                'Column "{column}" was read the Indonesian way: a dot separates thousands '
                "and a comma decimals (1.234 is one thousand two hundred thirty-four)."
            ).format(column=v.get("kolom", ""))
        case "pengodean":
            return tk._(
                "The file is not UTF-8; it was read as {encoding} (Excel's CSV on Windows). "
                "Check the accented letters."
            ).format(encoding=v.get("pengodean", ""))
        case _:
            return code


def step(code: str) -> str:
    """What the load is doing now."""
    return {
        "antre": tk._("Waiting in the queue"),
        "unduh": tk._("Downloading the file"),
        "baca": tk._("Reading the file"),
        "baca_semua": tk._("Reading every row again (a later row did not fit the first ones)"),
        "salin": tk._("Copying the rows"),
        "bangun": tk._("Building the new table"),
        "tukar": tk._("Replacing the previous table"),
        "indeks": tk._("Building the search index"),
        "selesai": tk._("Done"),
    }.get(code, code)
