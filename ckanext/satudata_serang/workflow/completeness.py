"""The SDI completeness check run when a produsen submits a dataset. Pure.

Mandatory rules refuse the submit; the others only lower the completeness score.
Every rule is reported (passed or not) so the produsen and the walidata see the same
picture.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import vocabulary
from ..metadata import values
from ..metadata.index import CODED_FIELDS
from ..standards import rule as standar_rule

# Open, machine-readable formats (Tim Berners-Lee's 3 stars and up, plus spreadsheets
# that tools read directly).
OPEN_FORMATS = frozenset(
    {"CSV", "TSV", "JSON", "GEOJSON", "XML", "XLSX", "XLS", "ODS", "RDF", "TTL", "JSON-LD",
     "SHP", "KML", "GPKG", "PARQUET", "API"}
)  # fmt: skip
MIN_DESCRIPTION = 50


@dataclass(frozen=True)
class RuleResult:
    rule: str
    mandatory: bool
    passed: bool
    detail: str = ""  # which fields or resources, for the message


@dataclass(frozen=True)
class Check:
    results: tuple[RuleResult, ...]

    @property
    def failed_mandatory(self) -> list[RuleResult]:
        return [r for r in self.results if r.mandatory and not r.passed]

    @property
    def passed(self) -> bool:
        return not self.failed_mandatory

    @property
    def score(self) -> int:
        """Percentage of rules passed (mandatory rules weigh double)."""
        total = sum(2 if r.mandatory else 1 for r in self.results)
        got = sum(2 if r.mandatory else 1 for r in self.results if r.passed)
        return round(100 * got / total) if total else 100

    def as_dict(self) -> dict[str, Any]:
        return {
            "lulus": self.passed,
            "skor": self.score,
            "aturan": [
                {"aturan": r.rule, "wajib": r.mandatory, "lulus": r.passed, "rincian": r.detail}
                for r in self.results
            ],
        }


def _missing(dataset: Mapping[str, Any], names: Collection[str]) -> list[str]:
    return [name for name in names if values.is_blank(dataset.get(name))]


def check(
    dataset: Mapping[str, Any],
    mandatory_fields: Sequence[str],
    validations: Mapping[str, standar_rule.ValidationState] | None = None,
) -> Check:
    """``validations``: each resource's last validation against its data-structure
    standard, by resource id (none given: no resource has passed one)."""
    missing = _missing(dataset, mandatory_fields)
    bad_codes: list[str] = []
    for name, vocabulary_name in CODED_FIELDS.items():
        raw = dataset.get(name)
        codes = raw if isinstance(raw, list) else [] if values.is_blank(raw) else [raw]
        terms = vocabulary.get(vocabulary_name)
        bad_codes += [f"{name}={code}" for code in codes if str(code) not in terms]
    resources = [r for r in dataset.get("resources") or [] if isinstance(r, Mapping)]
    formats = {str(r.get("format") or "").strip().upper() for r in resources}
    sifat = dataset.get("sifat_data")
    exemption_needed = bool(sifat) and sifat != "terbuka"
    first = values.year(dataset.get("tahun_mulai"))
    last = values.year(dataset.get("tahun_selesai"))
    lainnya = [
        f"{name}_lainnya"
        for name in ("ukuran", "satuan")
        if dataset.get(name) == "lainnya" and values.is_blank(dataset.get(f"{name}_lainnya"))
    ]
    unmet_standards = standar_rule.unmet(dataset, validations or {})
    results = (
        RuleResult("metadata_wajib_lengkap", True, not missing, ", ".join(missing)),
        RuleResult("kode_referensi_valid", True, not bad_codes, ", ".join(bad_codes)),
        RuleResult(
            "sumber_daya_terbuka",
            True,
            bool(formats & OPEN_FORMATS),
            ", ".join(sorted(f for f in formats if f)) or "-",
        ),
        RuleResult(
            "dasar_pengecualian_ada",
            True,
            not exemption_needed or not values.is_blank(dataset.get("dasar_pengecualian")),
        ),
        RuleResult("periode_konsisten", True, first is None or last is None or first <= last),
        RuleResult("isian_lainnya_lengkap", True, not lainnya, ", ".join(lainnya)),
        RuleResult("standar_data_terpenuhi", True, not unmet_standards, ", ".join(unmet_standards)),
        RuleResult(
            "deskripsi_memadai",
            False,
            len(str(dataset.get("notes") or "").strip()) >= MIN_DESCRIPTION,
        ),
        RuleResult("kata_kunci_ada", False, bool(dataset.get("tags"))),
        RuleResult("metodologi_terisi", False, not values.is_blank(dataset.get("metodologi"))),
        RuleResult(
            "kontak_telepon_terisi", False, not values.is_blank(dataset.get("kontak_telepon"))
        ),
        RuleResult(
            "sumber_daya_berdeskripsi",
            False,
            bool(resources) and all(not values.is_blank(r.get("description")) for r in resources),
        ),
    )
    return Check(results=results)
