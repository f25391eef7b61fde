"""package_search on the PostgreSQL backend, through CKAN's own action and API."""

from __future__ import annotations

from typing import ClassVar

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import logic, model
from ckan.lib.redis import connect_to_redis
from ckan.lib.search.common import SearchQueryError
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import sdi

from .conftest import Catalog, names, search_as


class TestFreeText:
    def test_a_word_finds_the_dataset_that_has_it(self, catalog: Catalog):
        assert names(search_as(None, q="puskesmas")) == ["jumlah-puskesmas"]

    def test_words_are_stemmed_in_indonesian(self, catalog: Catalog):
        # "kesehatan" in the notes and tags; the query says "sehat".
        assert "jumlah-puskesmas" in names(search_as(None, q="sehat"))

    def test_prefix_wildcard(self, catalog: Catalog):
        assert names(search_as(None, q="kendara*")) == ["kendaraan-bermotor"]

    def test_phrase_must_keep_word_order(self, catalog: Catalog):
        assert names(search_as(None, q='"kendaraan bermotor"')) == ["kendaraan-bermotor"]
        assert search_as(None, q='"bermotor kendaraan"')["count"] == 0

    def test_boolean_operators(self, catalog: Catalog):
        either = search_as(None, q="puskesmas OR pakupatan", sort="name asc")
        assert names(either) == ["jumlah-puskesmas", "penumpang-terminal"]
        assert search_as(None, q="jumlah AND kendaraan")["count"] == 1
        assert "kendaraan-bermotor" not in names(search_as(None, q="jumlah -kendaraan"))
        assert "kendaraan-bermotor" not in names(search_as(None, q="jumlah NOT kendaraan"))

    def test_region_code_is_searchable(self, catalog: Catalog):
        assert names(search_as(None, q="36.73.05.1004")) == ["kendaraan-bermotor"]

    def test_title_matches_rank_above_notes_matches(self, catalog: Catalog):
        result = search_as(None, q="penumpang")
        assert names(result)[0] == "penumpang-terminal"

    def test_fielded_query(self, catalog: Catalog):
        assert names(search_as(None, q="tags:puskesmas")) == ["jumlah-puskesmas"]
        assert names(search_as(None, q='title:"penumpang terminal"')) == ["penumpang-terminal"]
        assert search_as(None, q="organization:dishub")["count"] == 2

    def test_empty_query_returns_every_public_dataset(self, catalog: Catalog):
        assert search_as(None, q="")["count"] == 3
        assert search_as(None, q="*:*")["count"] == 3

    def test_hostile_text_is_only_text(self, catalog: Catalog):
        for hostile in ["'; DROP TABLE package; --", "<script>alert(1)</script>", "\\", "&&!"]:
            try:
                result = search_as(None, q=hostile)
            except SearchQueryError:
                continue
            assert result["count"] == 0
        assert model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar()


class TestFilters:
    def test_organization_and_format(self, catalog: Catalog):
        result = search_as(None, fq="organization:dishub +res_format:JSON")
        assert names(result) == ["kendaraan-bermotor"]

    def test_or_group_and_negation(self, catalog: Catalog):
        assert search_as(None, fq="(organization:dinkes OR organization:dishub)")["count"] == 3
        assert names(search_as(None, fq="-organization:dishub")) == ["jumlah-puskesmas"]

    def test_quoted_value_of_a_custom_field(self, catalog: Catalog):
        assert search_as(None, fq='frekuensi:"bulanan"')["count"] == 2

    def test_number_range(self, catalog: Catalog):
        result = search_as(None, fq="tahun_mulai:[2016 TO 2020]")
        assert names(result) == ["jumlah-puskesmas"]
        assert search_as(None, fq="tahun_mulai:{2019 TO *]")["count"] == 1

    def test_date_math_range(self, catalog: Catalog):
        assert search_as(None, fq="metadata_modified:[NOW-1DAY TO NOW]")["count"] == 3
        assert search_as(None, fq="metadata_modified:[* TO NOW-1YEAR]")["count"] == 0

    def test_fq_list(self, catalog: Catalog):
        result = search_as(None, fq_list=["organization:dishub", "tags:bus"])
        assert names(result) == ["penumpang-terminal"]


class TestFacets:
    def test_counts_per_field(self, catalog: Catalog):
        result = search_as(None, **{"facet.field": '["organization", "res_format", "tags"]'})
        assert result["facets"]["organization"] == {"dishub": 2, "dinkes": 1}
        assert result["facets"]["res_format"] == {"CSV": 2, "JSON": 1, "XLSX": 1}
        assert result["facets"]["tags"]["transportasi"] == 2

    def test_organization_facet_shows_its_title(self, catalog: Catalog):
        result = search_as(None, **{"facet.field": '["organization"]'})
        items = {
            i["name"]: i["display_name"] for i in result["search_facets"]["organization"]["items"]
        }
        assert items == {"dishub": "Dinas Perhubungan", "dinkes": "Dinas Kesehatan"}

    def test_limit_and_mincount(self, catalog: Catalog):
        limited = search_as(None, **{"facet.field": '["tags"]', "facet.limit": 1})
        assert limited["facets"]["tags"] == {"transportasi": 2}
        frequent = search_as(None, **{"facet.field": '["tags"]', "facet.mincount": 2})
        assert frequent["facets"]["tags"] == {"transportasi": 2}
        everything = search_as(None, **{"facet.field": '["tags"]', "facet.limit": -1})
        assert set(everything["facets"]["tags"]) == {
            "transportasi",
            "bus",
            "kesehatan",
            "puskesmas",
        }

    def test_facets_follow_the_query(self, catalog: Catalog):
        result = search_as(None, q="transportasi", **{"facet.field": '["organization"]'})
        assert result["facets"]["organization"] == {"dishub": 2}


class TestSortAndPaging:
    def test_sort_by_title_and_name(self, catalog: Catalog):
        by_title = search_as(None, sort="title_string asc")
        assert names(by_title) == ["kendaraan-bermotor", "jumlah-puskesmas", "penumpang-terminal"]
        by_name = search_as(None, sort="name desc")
        assert names(by_name) == ["penumpang-terminal", "kendaraan-bermotor", "jumlah-puskesmas"]

    def test_pages_do_not_overlap(self, catalog: Catalog):
        first = search_as(None, sort="name asc", rows=2, start=0)
        second = search_as(None, sort="name asc", rows=2, start=2)
        assert first["count"] == second["count"] == 3
        assert len(first["results"]) == 2 and len(second["results"]) == 1
        assert not set(names(first)) & set(names(second))

    def test_invalid_sort_is_a_clear_error(self, catalog: Catalog):
        with pytest.raises(SearchQueryError) as error:
            search_as(None, sort="title_string sideways")
        assert "sort" in str(error.value)

    def test_field_list(self, catalog: Catalog):
        result = search_as(None, q="puskesmas", fl=["id", "name"])
        assert result["results"] == [{"id": catalog.puskesmas["id"], "name": "jumlah-puskesmas"}]


class TestVisibility:
    """Permission labels apply inside the query: results, count and facets agree."""

    def test_anonymous_never_sees_private_datasets(self, catalog: Catalog):
        result = search_as(None, include_private=True, **{"facet.field": '["organization"]'})
        assert "data-rahasia-stunting" not in names(result)
        assert result["count"] == 3
        assert result["facets"]["organization"]["dinkes"] == 1

    def test_an_outsider_does_not_see_them_either(self, catalog: Catalog):
        result = search_as("warga", include_private=True, q="stunting")
        assert result["count"] == 0

    def test_an_organization_member_sees_its_private_dataset(self, catalog: Catalog):
        result = search_as(
            "staf_dinkes", include_private=True, **{"facet.field": '["organization"]'}
        )
        assert "data-rahasia-stunting" in names(result)
        assert result["facets"]["organization"]["dinkes"] == 2

    def test_drafts_only_for_their_creator(self, catalog: Catalog):
        # an unpublished dataset is private too (the workflow keeps it so)
        found = search_as("staf_dinkes", include_drafts=True, include_private=True, q="imunisasi")
        assert found["count"] == 1
        assert (
            search_as("warga", include_drafts=True, include_private=True, q="imunisasi")["count"]
            == 0
        )
        assert search_as(None, q="imunisasi")["count"] == 0


class TestSyntaxErrors:
    @pytest.mark.parametrize(
        "query",
        ["title:(kesehatan", '"tanpa penutup', "organization:", "a AND", "ke*an", "{!lucene}x"],
    )
    def test_api_answers_400_with_a_message(self, catalog: Catalog, app, query: str):
        response = app.get("/api/3/action/package_search", query_string={"q": query}, status=400)
        assert response.json["success"] is False
        assert response.json["error"]["__type"] == "Search Query Error"

    def test_search_page_explains_the_error_instead_of_failing(self, catalog: Catalog, app):
        response = app.get("/dataset/", query_string={"q": "title:(kesehatan"}, status=400)
        assert "kurung" in response.body  # the parser's Indonesian message reaches the page
        assert "jumlah-puskesmas" not in response.body


def as_admin(action: str, **data: object) -> dict[str, object]:
    """Call an action as a sysadmin (the activity stream records who did it)."""
    admin = factories.Sysadmin()
    return call_action(action, context={"user": admin["name"]}, **data)


@pytest.mark.usefixtures("non_clean_db")
class TestIndexFollowsChanges:
    def test_update_delete_purge(self):
        org = sdi.Organization()
        dataset = sdi.Dataset(owner_org=org["id"], title="Curah Hujan Bulanan")
        assert search_as(None, q="hujan")["count"] == 1
        as_admin("package_patch", id=dataset["id"], title="Suhu Udara Harian")
        assert search_as(None, q="hujan")["count"] == 0
        assert search_as(None, q="suhu")["count"] == 1
        as_admin("package_delete", id=dataset["id"])
        assert search_as(None, q="suhu")["count"] == 0
        assert search_as("", q="suhu", include_deleted=True)["count"] <= 1
        as_admin("dataset_purge", id=dataset["id"])
        row = model.Session.execute(
            sa.text("SELECT count(*) FROM satudata_search_entry WHERE id = :id"),
            {"id": dataset["id"]},
        ).scalar()
        assert row == 0

    def test_making_private_hides_it_at_once(self):
        org = sdi.Organization()
        dataset = sdi.Dataset(owner_org=org["id"], title="Anggaran Kelurahan Sukawana")
        assert search_as(None, q="sukawana")["count"] == 1
        sdi.set_status(dataset["id"], "ditarik")  # withdrawn: private again
        assert search_as(None, q="sukawana", include_private=True)["count"] == 0

    def test_a_failed_change_leaves_the_index_as_it_was(self):
        org = sdi.Organization()
        dataset = sdi.Dataset(owner_org=org["id"], title="Luas Lahan Sawah")
        package = model.Package.get(dataset["id"])
        assert package is not None
        package.title = "Luas Hutan Kota"
        logic.index_update_package({"ignore_auth": True}, dataset["id"])
        model.Session.rollback()  # the request failed after indexing
        assert search_as(None, q="sawah")["count"] == 1
        assert search_as(None, q="hutan")["count"] == 0

    def test_invalid_update_is_refused_and_index_kept(self):
        org = sdi.Organization()
        dataset = sdi.Dataset(owner_org=org["id"], title="Jumlah Pasar Tradisional")
        with pytest.raises(tk.ValidationError):
            as_admin("package_patch", id=dataset["id"], frekuensi="setiap-saat", title="Pasar Baru")
        assert search_as(None, q="tradisional")["count"] == 1
        assert search_as(None, q="baru")["count"] == 0

    def test_group_membership_is_searchable_at_once(self):
        org = sdi.Organization()
        group = factories.Group(name="prioritas-2026", title="Data Prioritas 2026")
        dataset = sdi.Dataset(owner_org=org["id"], title="Angka Kemiskinan")
        assert search_as(None, fq="groups:prioritas-2026")["count"] == 0
        as_admin(
            "member_create",
            id=group["id"],
            object=dataset["id"],
            object_type="package",
            capacity="public",
        )
        assert names(search_as(None, fq="groups:prioritas-2026")) == [dataset["name"]]
        as_admin("member_delete", id=group["id"], object=dataset["id"], object_type="package")
        assert search_as(None, fq="groups:prioritas-2026")["count"] == 0

    def test_renamed_organization_is_found_by_its_new_title(self):
        org = sdi.Organization(title="Dinas Lama")
        sdi.Dataset(owner_org=org["id"], title="Jumlah Koperasi Aktif")
        as_admin("organization_patch", id=org["id"], title="Dinas Koperasi dan UMKM")
        result = search_as(None, q="koperasi umkm", **{"facet.field": '["organization"]'})
        assert result["count"] == 1
        titles = [i["display_name"] for i in result["search_facets"]["organization"]["items"]]
        assert titles == ["Dinas Koperasi dan UMKM"]


@pytest.mark.usefixtures("non_clean_db")
class TestBrowseCache:
    """Counts and facets of browse queries come from Redis, never stale."""

    FACETS: ClassVar[dict[str, str]] = {"facet.field": '["organization", "res_format"]'}

    def test_edits_show_at_once(self):
        org = sdi.Organization(name="disperkim", title="Dinas Perumahan")
        assert search_as(None, fq="organization:disperkim", **self.FACETS)["count"] == 0
        dataset = sdi.Dataset(
            owner_org=org["id"],
            title="Rumah Tidak Layak Huni",
            resources=[{"url": "http://example.com/rtlh.csv", "format": "CSV"}],
        )
        result = search_as(None, fq="organization:disperkim", **self.FACETS)
        assert result["count"] == 1
        assert result["facets"]["res_format"] == {"CSV": 1}
        sdi.set_status(dataset["id"], "ditarik")
        result = search_as(None, fq="organization:disperkim", **self.FACETS)
        assert result["count"] == 0
        assert result["facets"]["organization"] == {}

    def test_a_cached_answer_is_reused_with_a_live_page(self):
        org = sdi.Organization(name="dispusip", title="Dinas Perpustakaan")
        sdi.Dataset(owner_org=org["id"], title="Pengunjung Perpustakaan Daerah")
        redis = connect_to_redis()
        before = set(redis.keys("satudata:facets:*"))
        first = search_as(None, fq="organization:dispusip", **self.FACETS)
        created = set(redis.keys("satudata:facets:*")) - before
        assert len(created) == 1
        second = search_as(None, fq="organization:dispusip", **self.FACETS)
        assert set(redis.keys("satudata:facets:*")) - before == created  # a hit
        assert second["count"] == first["count"] == 1
        assert second["facets"] == first["facets"]
        assert names(second) == names(first)

    def test_labels_are_part_of_the_key(self):
        staf = factories.User()
        org = sdi.Organization(users=[{"name": staf["name"], "capacity": "editor"}])
        sdi.Dataset(owner_org=org["id"], private=True, title="Draf Anggaran")
        sdi.Dataset(owner_org=org["id"], title="Anggaran Terbit")
        query = {"fq": f"owner_org:{org['id']}", "include_private": True, **self.FACETS}
        assert search_as(staf["name"], **query)["count"] == 2
        assert search_as(None, **query)["count"] == 1
        assert search_as(staf["name"], **query)["count"] == 2
