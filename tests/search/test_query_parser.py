from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from ckanext.satudata_serang.search.query_parser import (
    MAX_DEPTH,
    MAX_QUERY_LENGTH,
    And,
    Exists,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Range,
    Term,
    make_and,
    make_or,
    parse_filter,
    parse_query,
)


def t(text: str, field: str | None = None, *, prefix: bool = False) -> Term:
    return Term(field, text, prefix)


def all_but(*items: Node) -> And:
    return And((MatchAll(), *(Not(i) for i in items)))


class TestTerms:
    @pytest.mark.parametrize("q", ["", "   ", "\t\n", "*:*", "*", "(*:*)"])
    def test_everything(self, q: str) -> None:
        assert parse_query(q) == MatchAll()

    def test_bare_word_uses_default_field(self) -> None:
        assert parse_query("kesehatan") == t("kesehatan")

    @pytest.mark.parametrize(
        "word",
        ["covid-19", "36.73", "1.02", "a/b", "data@serang.go.id", "penduduk_2023",
         "ketenagakerjaan", "ÄÖÜ", "数据", "a+b", "x&y", "a|b"],
    )  # fmt: skip
    def test_word_characters(self, word: str) -> None:
        assert parse_query(word) == t(word)

    def test_field_value(self) -> None:
        assert parse_query("organization:dinkes") == t("dinkes", "organization")

    @pytest.mark.parametrize(
        "field", ["extras_urusan", "res_format", "vocab_topik", "dataset_type", "a.b-c"]
    )
    def test_field_names(self, field: str) -> None:
        assert parse_query(f"{field}:x") == t("x", field)

    def test_space_after_colon_is_allowed_like_lucene(self) -> None:
        assert parse_query("title: air") == t("air", "title")

    def test_prefix(self) -> None:
        assert parse_query("kese*") == t("kese", prefix=True)
        assert parse_query("tags:pend*") == t("pend", "tags", prefix=True)

    def test_repeated_trailing_star_is_one_prefix(self) -> None:
        assert parse_query("kese**") == t("kese", prefix=True)

    def test_escaped_special_characters_are_literal(self) -> None:
        assert parse_query(r"url:http\://x\(1\)") == t("http://x(1)", "url")
        assert parse_query(r"a\*") == t("a*")
        assert parse_query(r"\AND") == t("AND")
        assert parse_query(r"\-x") == t("-x")
        assert parse_query(r"caf\u00e9") == t("café")

    def test_phrase(self) -> None:
        assert parse_query('"data kependudukan"') == Phrase(None, "data kependudukan")
        assert parse_query('title:"a b"') == Phrase("title", "a b")

    def test_phrase_escapes_and_specials(self) -> None:
        assert parse_query(r'notes:"kata \"kutip\" dan \\ (x) a:b *"') == Phrase(
            "notes", 'kata "kutip" dan \\ (x) a:b *'
        )

    def test_boost_and_fuzzy_are_ignored(self) -> None:
        assert parse_query("air^2") == t("air")
        assert parse_query("air^0.5") == t("air")
        assert parse_query("air~") == t("air")
        assert parse_query("air~2") == t("air")
        assert parse_query("air~1^3") == t("air")
        assert parse_query('"a b"~3^2') == Phrase(None, "a b")
        assert parse_query("(a b)^2") == And((t("a"), t("b")))
        assert parse_query("f:[1 TO 2]^2") == Range("f", "1", "2", True, True)

    def test_operators_must_be_uppercase(self) -> None:
        assert parse_query("a or b") == And((t("a"), t("or"), t("b")))

    def test_words_that_start_with_operators(self) -> None:
        assert parse_query("ANDROID ORANGE NOTA") == And((t("ANDROID"), t("ORANGE"), t("NOTA")))


class TestExistsAndRanges:
    @pytest.mark.parametrize(
        "q",
        [
            "res_format:*",
            "res_format:[* TO *]",
            "res_format:{* TO *}",
            "res_format:(*)",
        ],
    )
    def test_exists(self, q: str) -> None:
        assert parse_query(q) == Exists("res_format")

    def test_negated_exists(self) -> None:
        assert parse_query("-extras_urusan:*") == all_but(Exists("extras_urusan"))

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("year:[2020 TO 2023]", Range("year", "2020", "2023", True, True)),
            ("year:{2020 TO 2023}", Range("year", "2020", "2023", False, False)),
            ("year:[2020 TO 2023}", Range("year", "2020", "2023", True, False)),
            ("year:{2020 TO 2023]", Range("year", "2020", "2023", False, True)),
            ("year:[* TO 2023]", Range("year", None, "2023", True, True)),
            ("year:[2020 TO *}", Range("year", "2020", None, True, False)),
            ("nilai:[-5.5 TO 1e3]", Range("nilai", "-5.5", "1e3", True, True)),
            ('kode:["*" TO "z"]', Range("kode", "*", "z", True, True)),
            (
                "  year:[  2020   TO   2023  ]  ",
                Range("year", "2020", "2023", True, True),
            ),
        ],
    )
    def test_ranges(self, q: str, expected: Range) -> None:
        assert parse_query(q) == expected

    @pytest.mark.parametrize(
        ("q", "low", "high"),
        [
            (
                "metadata_modified:[2024-01-01T00:00:00Z TO NOW]",
                "2024-01-01T00:00:00Z",
                "NOW",
            ),
            (
                'metadata_modified:["2020-01-01T00:00:00Z" TO NOW]',
                "2020-01-01T00:00:00Z",
                "NOW",
            ),
            ("metadata_modified:[NOW-1DAY TO *]", "NOW-1DAY", None),
            ("metadata_modified:[NOW/DAY-7DAYS TO NOW/DAY+1DAY]", "NOW/DAY-7DAYS", "NOW/DAY+1DAY"),
            ("metadata_created:[NOW-5YEARS/YEAR TO NOW]", "NOW-5YEARS/YEAR", "NOW"),
        ],
    )  # fmt: skip
    def test_date_bounds_stay_strings(self, q: str, low: str, high: str | None) -> None:
        node = parse_query(q)
        assert isinstance(node, Range)
        assert (node.low, node.high) == (low, high)

    def test_field_of_a_group_applies_to_ranges(self) -> None:
        assert parse_query("year:([2020 TO 2021] OR 2023)") == Or(
            (Range("year", "2020", "2021", True, True), t("2023", "year"))
        )


class TestBooleanLogic:
    def test_default_operator_is_and(self) -> None:
        assert parse_query("kesehatan serang 2023") == And((t("kesehatan"), t("serang"), t("2023")))

    @pytest.mark.parametrize("q", ["a AND b", "a && b", "+a +b", "a +b", "a AND +b"])
    def test_and(self, q: str) -> None:
        assert parse_query(q) == And((t("a"), t("b")))

    @pytest.mark.parametrize("q", ["a OR b", "a || b", "+a OR b", "a OR +b"])
    def test_or(self, q: str) -> None:
        # Lucene: "+a OR b" is "a OR b"; the OR makes both neighbours optional.
        assert parse_query(q) == Or((t("a"), t("b")))

    @pytest.mark.parametrize("q", ["a -b", "a NOT b", "a AND NOT b", "a !b", "a && !b", "-b a"])
    def test_not(self, q: str) -> None:
        assert parse_query(q) == And((t("a"), Not(t("b"))))

    @pytest.mark.parametrize("q", ["-a", "NOT a", "!a", "-(a)", "NOT (a)"])
    def test_pure_negative_means_everything_except(self, q: str) -> None:
        assert parse_query(q) == all_but(t("a"))

    def test_several_negatives(self) -> None:
        assert parse_query("-a -b") == all_but(t("a"), t("b"))

    def test_not_binds_to_one_clause(self) -> None:
        assert parse_query("NOT a b") == And((t("b"), Not(t("a"))))

    def test_or_with_required_clause_keeps_only_required(self) -> None:
        # Lucene with q.op=AND: "a OR b c" is "a b +c"; optional clauses next to a
        # required one only change Solr's scoring, never which datasets match.
        assert parse_query("a OR b c") == t("c")
        assert parse_query("a AND b OR c") == t("a")
        assert parse_query("+a b OR c") == t("a")

    def test_and_after_or_makes_its_left_clause_required(self) -> None:
        assert parse_query("a OR b AND c") == And((t("b"), t("c")))

    def test_parentheses_group_or(self) -> None:
        assert parse_query("(a OR b) c") == And((Or((t("a"), t("b"))), t("c")))
        assert parse_query("c (a OR b)") == And((t("c"), Or((t("a"), t("b")))))

    def test_negative_next_to_or(self) -> None:
        # "-a OR b" keeps a prohibited (Lucene: "-a b").
        assert parse_query("-a OR b") == And((t("b"), Not(t("a"))))
        assert parse_query("b OR -a") == And((t("b"), Not(t("a"))))
        assert parse_query("a OR NOT b") == And((t("a"), Not(t("b"))))

    def test_pure_negative_group_inside_or(self) -> None:
        assert parse_query("b OR (-a)") == Or((t("b"), all_but(t("a"))))

    def test_nested_groups_are_flattened(self) -> None:
        assert parse_query("((a b) (c d))") == And((t("a"), t("b"), t("c"), t("d")))
        assert parse_query("(a OR (b OR c)) OR d") == Or((t("a"), t("b"), t("c"), t("d")))

    def test_match_all_disappears_next_to_a_term(self) -> None:
        assert parse_query("*:* kesehatan") == t("kesehatan")
        assert parse_query("*:* -a") == all_but(t("a"))

    def test_match_all_absorbs_or(self) -> None:
        assert parse_query("a OR *:*") == MatchAll()

    def test_field_group_applies_field_to_each_term(self) -> None:
        assert parse_query("tags:(air OR udara)") == Or((t("air", "tags"), t("udara", "tags")))
        assert parse_query('tags:(air "air bersih" pol*)') == And(
            (
                t("air", "tags"),
                Phrase("tags", "air bersih"),
                t("pol", "tags", prefix=True),
            )
        )
        assert parse_query("tags:(air -udara)") == And((t("air", "tags"), Not(t("udara", "tags"))))

    def test_inner_field_overrides_group_field(self) -> None:
        assert parse_query("tags:(air name:x)") == And((t("air", "tags"), t("x", "name")))

    def test_nested_field_groups(self) -> None:
        assert parse_query("tags:(a (b OR c))") == And(
            (t("a", "tags"), Or((t("b", "tags"), t("c", "tags"))))
        )


class TestCkanFilters:
    def test_ckan_joined_clauses(self) -> None:
        assert parse_filter('+dataset_type:dataset +capacity:public organization:"dinkes"') == And(
            (
                t("dataset", "dataset_type"),
                t("public", "capacity"),
                Phrase("organization", "dinkes"),
            )
        )

    def test_permission_labels(self) -> None:
        assert parse_filter('+permission_labels:("public" OR "member-9f1c")') == Or(
            (
                Phrase("permission_labels", "public"),
                Phrase("permission_labels", "member-9f1c"),
            )
        )

    def test_site_and_state(self) -> None:
        assert parse_filter('+site_id:"default" +state:(draft OR active)') == And(
            (
                Phrase("site_id", "default"),
                Or((t("draft", "state"), t("active", "state"))),
            )
        )

    def test_filters_may_be_longer_than_queries(self) -> None:
        labels = " OR ".join(f'"member-{i:036d}"' for i in range(100))
        node = parse_filter(f"+permission_labels:({labels})")
        assert isinstance(node, Or) and len(node.items) == 100

    def test_empty_filter_matches_everything(self) -> None:
        assert parse_filter("") == MatchAll()


def error_for(q: str) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(q)
    return info.value


class TestErrors:
    @pytest.mark.parametrize(
        ("q", "reason"),
        [
            ("(a OR b", "tidak ditutup"),
            ("((a)", "tidak ditutup"),
            ("a OR b)", "tanpa pasangan"),
            (")", "tanpa pasangan"),
            ("()", "kosong"),
            ('title:"air bersih', "kutip"),
            ('"', "kutip"),
            ("a AND", "tidak diikuti"),
            ("a OR", "tidak diikuti"),
            ("a -", "tidak diikuti"),
            ("NOT", "tidak diikuti"),
            ("(a AND)", "tidak diikuti"),
            ("a AND OR b", "tidak diikuti"),
            ("OR b", "tidak didahului"),
            ("AND b", "tidak didahului"),
            ("(OR b)", "tidak didahului"),
            ("organization:", "tidak diberi nilai"),
            ("organization: AND x", "tidak diberi nilai"),
            ("organization:)", "tidak diberi nilai"),
            ("year:[2020 TO]", "Batas rentang kosong"),
            ("year:[TO 2020]", "Batas rentang kosong"),
            ("year:[a b]", "[awal TO akhir]"),
            ("year:[a to b]", "[awal TO akhir]"),
            ("year:[a TO b c]", "[awal TO akhir]"),
            ("year:[]", "[awal TO akhir]"),
            ("year:[a TO b", "tidak ditutup"),
            ("[a TO b]", "memerlukan nama field"),
            ("a:b:c", "Tanda ':'"),
            (":a", "Tanda ':'"),
            ("metadata_modified:2024-01-01T00:00:00Z", "Tanda ':'"),
            ("*:kesehatan", "*:*"),
            ("a]", "tanpa pasangan"),
            ("ke*an", "Wildcard"),
            ("*kesehatan", "Wildcard"),
            ("ke?an", "Wildcard"),
            ("tags:?", "Wildcard"),
            ("{!tag=x}a", "Parameter lokal"),
            ("{!func}sum(a,b)", "Parameter lokal"),
            ("a {!ex=x}", "Parameter lokal"),
            ("a^", "bobot"),
            ("a^x", "bobot"),
            ("^2", "Tanda '^'"),
            ("(a)~2", "Tanda '~'"),
            ("a~1~2", "Tanda '~'"),
            ("a\\", "Tanda '\\'"),
            ("a&b:x", "Nama field"),
            ("+-a", "tidak diikuti"),
        ],
    )
    def test_error(self, q: str, reason: str) -> None:
        assert reason in str(error_for(q))

    def test_message_points_at_the_problem(self) -> None:
        error = error_for("air AND (udara OR")
        assert error.position == len("air AND (udara ")
        assert "posisi 16" in str(error)
        assert "'OR'" in str(error)

    def test_empty_value_points_at_the_colon(self) -> None:
        error = error_for("organization:")
        assert error.position == len("organization")
        assert str(error) == "Field 'organization' tidak diberi nilai. (posisi 13: ':')"

    def test_fragment_of_long_query_is_shortened(self) -> None:
        error = error_for("x" * 10 + " ke*an " + "y" * 50)
        assert error.fragment == ("ke*an " + "y" * 50)[:20]
        assert "…" in str(error)

    def test_error_is_a_value_error(self) -> None:
        assert isinstance(error_for("("), ValueError)

    def test_query_length_limit(self) -> None:
        assert parse_query("a" * MAX_QUERY_LENGTH) == t("a" * MAX_QUERY_LENGTH)
        assert "terlalu panjang" in str(error_for("a" * (MAX_QUERY_LENGTH + 1)))

    def test_nesting_limit(self) -> None:
        ok = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
        assert parse_query(ok) == t("a")
        too_deep = "(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1)
        assert "terlalu bertingkat" in str(error_for(too_deep))
        assert "terlalu bertingkat" in str(error_for("(" * 1000))


class TestNormalForm:
    def test_make_and(self) -> None:
        a, b = t("a"), t("b")
        assert make_and([]) == MatchAll()
        assert make_and([a]) == a
        assert make_and([MatchAll(), a]) == a
        assert make_and([MatchAll(), MatchAll()]) == MatchAll()
        assert make_and([Not(a)]) == all_but(a)
        assert make_and([And((a, b)), And((MatchAll(), Not(a)))]) == And((a, b, Not(a)))

    def test_make_or(self) -> None:
        a, b, c = t("a"), t("b"), t("c")
        assert make_or([a]) == a
        assert make_or([Or((a, b)), c]) == Or((a, b, c))
        assert make_or([a, MatchAll()]) == MatchAll()


_FUZZ_ALPHABET = 'ab AND OR NOT TO ():"[]{}*?+-!^~\\/&|.@é \t0123456789x:*'


def _check_normal_form(node: Node) -> None:
    if isinstance(node, And | Or):
        assert len(node.items) >= 2
        assert not any(isinstance(i, type(node)) for i in node.items)
        for item in node.items:
            _check_normal_form(item)
    if isinstance(node, And):
        assert not all(isinstance(i, Not) for i in node.items)
        assert not (
            any(isinstance(i, MatchAll) for i in node.items)
            and any(not isinstance(i, MatchAll | Not) for i in node.items)
        )
    if isinstance(node, Or):
        assert not any(isinstance(i, MatchAll | Not) for i in node.items)
    if isinstance(node, Not):
        _check_normal_form(node.item)


@pytest.mark.parametrize("parse", [parse_query, parse_filter])
def test_fuzz_never_crashes_and_keeps_normal_form(parse: Callable[[str], Node]) -> None:
    rng = random.Random(20240101)
    words = [*_FUZZ_ALPHABET, "AND", "OR", "NOT", "TO", "field:", "NOW-1DAY", " "]
    parsed = 0
    for _ in range(4000):
        q = "".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        try:
            node = parse(q)
        except QuerySyntaxError as error:
            assert str(error)
            continue
        assert isinstance(node, Node)
        assert not isinstance(node, Not)
        _check_normal_form(node)
        parsed += 1
    # The generator must exercise both outcomes to be worth running.
    assert 200 < parsed < 3800
