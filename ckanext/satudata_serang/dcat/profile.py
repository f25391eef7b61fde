"""The SDI delta profile (``satudata_sdi``), applied after ``euro_dcat_ap_3``."""

from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import RDFProfile


class SatudataSDIProfile(RDFProfile):
    """Maps the SDI fields of the dataset schema to DCAT-AP 3 and back."""

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        return None

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        return dataset_dict
