"""Parse the Solr/Lucene syntax CKAN sends in ``q`` and ``fq`` into a small AST.

The PostgreSQL search backend compiles the AST to SQL; this module only reads the
syntax, so it imports nothing from CKAN.

Semantics (q.op=AND, as CKAN asks Solr for), per clause list (top level or one
pair of parentheses), following Lucene's classic ``QueryParser.addClause``:

* a clause with no operator is MUST; ``-x``, ``!x`` and ``NOT x`` are MUST_NOT;
* ``AND`` makes the preceding clause MUST (unless it is MUST_NOT);
* ``OR`` makes the preceding clause SHOULD (unless it is MUST_NOT) and the clause
  it introduces SHOULD, even if that clause has ``+`` (Lucene: ``+a OR b`` is
  ``a OR b``);
* matching: all MUST, none of MUST_NOT and, only when there is no MUST, at least
  one SHOULD. When MUST clauses exist the SHOULD clauses only affect Solr's
  scoring, so they are dropped: ``a OR b c`` matches exactly ``c`` and
  ``a AND b OR c`` matches exactly ``a``. Users who mean ``(a OR b) c`` write the
  parentheses, exactly as they had to with Solr.

Normal form of the AST:

* ``And``/``Or`` have at least two items and never contain a node of their own
  type; an ``Or`` containing ``MatchAll`` becomes ``MatchAll``;
* ``Not`` appears only as an item of an ``And``, after its positive items; every
  ``And`` has at least one positive item (``MatchAll`` when the clause list was
  purely negative): ``-a`` is ``And((MatchAll(), Not(a)))``. This applies to
  nested groups too, so ``b OR (-a)`` means "b, or anything without a";
* ``MatchAll`` is never an item of an ``And`` next to a positive item;
* an open range end is ``None``; its include flag keeps the bracket as written and
  means nothing. ``[* TO *]`` (any brackets) and ``field:*`` are ``Exists``; bare
  ``*`` and ``*:*`` are ``MatchAll``; ``"*"`` as a quoted range bound is a literal.

Accepted and ignored: boosts ``^2``, fuzzy ``term~``/``term~2`` (becomes a plain
``Term``), phrase slop ``"a b"~3``. ``/`` is an ordinary value character (Lucene's
``/regex/`` is not supported). Rejected: local params ``{!...}``, wildcards other
than one trailing ``*``, and range bounds without a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

MAX_QUERY_LENGTH = 2000
# fq is written by CKAN, not typed by people: the permission-label filter alone is
# ~47 characters per organisation the user belongs to.
MAX_FILTER_LENGTH = 20000
MAX_DEPTH = 20

Value = str


@dataclass(frozen=True)
class Term:
    field: str | None
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None
    high: str | None
    include_low: bool
    include_high: bool


@dataclass(frozen=True)
class Exists:
    field: str


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node: TypeAlias = Term | Phrase | Range | Exists | MatchAll | And | Or | Not


class QuerySyntaxError(ValueError):
    """A q/fq/date string the portal cannot understand; the message is for the user."""

    def __init__(self, reason: str, text: str = "", position: int | None = None) -> None:
        self.reason = reason
        self.position = position
        self.fragment = ""
        if position is None:
            message = reason
        else:
            self.fragment = text[position : position + 20]
            more = "…" if len(text) > position + 20 else ""
            shown = f": '{self.fragment}{more}'" if self.fragment else ""
            message = f"{reason} (posisi {position + 1}{shown})"
        super().__init__(message)


def parse_query(text: str) -> Node:
    """Parse a ``q`` string; empty or whitespace-only means all datasets."""
    return _parse(text, MAX_QUERY_LENGTH)


def parse_filter(text: str) -> Node:
    """Parse one ``fq`` (or one ``fq_list`` item); CKAN joins clauses with spaces."""
    return _parse(text, MAX_FILTER_LENGTH)


def _parse(text: str, max_length: int) -> Node:
    if len(text) > max_length:
        raise QuerySyntaxError(f"Kueri terlalu panjang (maksimal {max_length} karakter).")
    return _Parser(text, _Lexer(text).tokens()).parse()


# --- AST constructors that keep the normal form ------------------------------------


def make_and(items: list[Node] | tuple[Node, ...]) -> Node:
    """Conjunction in normal form: flattened, positive items first and the ``Not``
    items after them (each in written order), MatchAll only as a negative's anchor."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    positive = [i for i in flat if not isinstance(i, (Not, MatchAll))]
    negative = [i for i in flat if isinstance(i, Not)]
    if not positive:
        if not negative:
            return MatchAll()
        # Lucene matches nothing for a purely negative clause list; Solr (and users)
        # mean "everything except", so anchor it on MatchAll.
        positive = [MatchAll()]
    kept = positive + negative
    return kept[0] if len(kept) == 1 else And(tuple(kept))


def make_or(items: list[Node] | tuple[Node, ...]) -> Node:
    """Disjunction in normal form (flattened, absorbed by MatchAll); ``items`` must
    not be empty."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    if any(isinstance(i, MatchAll) for i in flat):
        return MatchAll()
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


# --- lexer --------------------------------------------------------------------------

_Kind = Literal[
    "WORD", "QUOTED", "RANGE", "LPAREN", "RPAREN", "COLON",
    "PLUS", "MINUS", "NOT", "AND", "OR", "CARET", "FUZZY", "EOF",
]  # fmt: skip

# Characters that end a bare word; '+' and '-' only start an operator at a word's
# start, so "covid-19" stays one word (Lucene's _TERM_CHAR rule).
_WORD_STOP = frozenset('()[]{}:^~"!')
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class _Bound:
    text: str
    quoted: bool
    pos: int


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    pos: int
    text: str = ""
    # Indices in ``text`` of unescaped '*' and '?' (WORD only).
    wild: tuple[int, ...] = ()
    low: _Bound | None = None
    high: _Bound | None = None
    include_low: bool = True
    include_high: bool = True


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def error(self, reason: str, position: int) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.text, position)

    def tokens(self) -> list[_Token]:
        text = self.text
        out: list[_Token] = []
        simple: dict[str, _Kind] = {
            "(": "LPAREN", ")": "RPAREN", ":": "COLON",
            "+": "PLUS", "-": "MINUS", "!": "NOT",
        }  # fmt: skip
        while True:
            while self.i < len(text) and text[self.i].isspace():
                self.i += 1
            if self.i >= len(text):
                out.append(_Token("EOF", len(text)))
                return out
            start, c = self.i, text[self.i]
            if c in simple:
                self.i += 1
                out.append(_Token(simple[c], start, c))
            elif text.startswith(("&&", "||"), start):
                self.i += 2
                out.append(_Token("AND" if c == "&" else "OR", start, c * 2))
            elif c == '"':
                out.append(_Token("QUOTED", start, self.quoted()))
            elif text.startswith("{!", start):
                raise self.error("Parameter lokal Solr ({!...}) tidak didukung.", start)
            elif c in "[{":
                out.append(self.range())
            elif c in "]}":
                raise self.error(f"Tanda '{c}' tanpa pasangan pembuka rentang.", start)
            elif c == "^":
                out.append(self.boost())
            elif c == "~":
                match = _NUMBER.match(text, start + 1)
                self.i = match.end() if match else start + 1
                out.append(_Token("FUZZY", start, text[start : self.i]))
            else:
                out.append(self.word())

    def escaped(self) -> str:
        """Read the character after a backslash at ``self.i``."""
        text, at = self.text, self.i
        if at + 1 >= len(text):
            raise self.error("Tanda '\\' di akhir kueri tidak diikuti karakter.", at)
        if text[at + 1] == "u" and _HEX4.fullmatch(text, at + 2, at + 6):
            self.i = at + 6
            return chr(int(text[at + 2 : at + 6], 16))
        self.i = at + 2
        return text[at + 1]

    def quoted(self) -> str:
        text, start = self.text, self.i
        self.i += 1
        chars: list[str] = []
        while self.i < len(text):
            c = text[self.i]
            if c == '"':
                self.i += 1
                return "".join(chars)
            if c == "\\":
                chars.append(self.escaped())
            else:
                chars.append(c)
                self.i += 1
        raise self.error('Tanda kutip (") tidak ditutup.', start)

    def word(self) -> _Token:
        text, start = self.text, self.i
        chars: list[str] = []
        wild: list[int] = []
        escaped = False
        while self.i < len(text):
            c = text[self.i]
            if c == "\\":
                chars.append(self.escaped())
                escaped = True
                continue
            if c.isspace() or c in _WORD_STOP:
                break
            if c in "*?":
                wild.append(len(chars))
            chars.append(c)
            self.i += 1
        word = "".join(chars)
        if not escaped and word in ("AND", "OR", "NOT"):
            return _Token(word, start, word)
        return _Token("WORD", start, word, tuple(wild))

    def boost(self) -> _Token:
        start = self.i
        self.i += 1
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1
        match = _NUMBER.match(self.text, self.i)
        if not match:
            raise self.error("Tanda '^' harus diikuti angka bobot, misalnya kata^2.", start)
        self.i = match.end()
        return _Token("CARET", start, self.text[start : self.i])

    def range(self) -> _Token:
        """Read a whole ``[a TO b}`` range; inside it only spaces, quotes and the
        closing bracket are special, so dates with ':' need no escaping."""
        text, start = self.text, self.i
        self.i += 1
        parts: list[_Bound] = []
        while True:
            while self.i < len(text) and text[self.i].isspace():
                self.i += 1
            if self.i >= len(text):
                raise self.error("Rentang tidak ditutup dengan ']' atau '}'.", start)
            c, at = text[self.i], self.i
            if c in "]}":
                self.i += 1
                break
            if c == '"':
                parts.append(_Bound(self.quoted(), True, at))
                continue
            chars: list[str] = []
            while self.i < len(text) and not text[self.i].isspace() and text[self.i] not in "]}":
                if text[self.i] == "\\":
                    chars.append(self.escaped())
                else:
                    chars.append(text[self.i])
                    self.i += 1
            parts.append(_Bound("".join(chars), False, at))
        tos = [k for k, p in enumerate(parts) if not p.quoted and p.text == "TO"]
        if tos != [1] or len(parts) != 3:
            if len(tos) == 1 and len(parts) < 3:
                raise self.error("Batas rentang kosong; gunakan * untuk rentang terbuka.", start)
            raise self.error("Rentang harus berbentuk [awal TO akhir].", start)
        return _Token(
            "RANGE",
            start,
            text[start : self.i],
            low=parts[0],
            high=parts[2],
            include_low=text[start] == "[",
            include_high=text[self.i - 1] == "]",
        )


# --- parser -------------------------------------------------------------------------

_MUST, _SHOULD, _MUST_NOT = "MUST", "SHOULD", "MUST_NOT"
_CLAUSE_START = ("WORD", "QUOTED", "RANGE", "LPAREN")
_WILDCARD_ERROR = "Wildcard hanya didukung di akhir kata (misalnya kese*)."


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.at = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.at]

    def peek(self, offset: int = 1) -> _Token:
        return self.tokens[min(self.at + offset, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at = min(self.at + 1, len(self.tokens) - 1)
        return token

    def error(self, reason: str, token: _Token) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.text, token.pos)

    def parse(self) -> Node:
        node = self.clause_list(None, 0)
        if self.tok.kind == "RPAREN":
            raise self.error("Tanda kurung ')' tanpa pasangan '('.", self.tok)
        return node

    def clause_list(self, field: str | None, depth: int) -> Node:
        clauses: list[tuple[str, Node]] = []
        while self.tok.kind not in ("EOF", "RPAREN"):
            conj = ""
            if self.tok.kind in ("AND", "OR"):
                if not clauses:
                    raise self.error(
                        f"Operator '{self.tok.text}' tidak didahului kata pencarian.",
                        self.tok,
                    )
                conj = self.take().kind
            mods = ""
            if self.tok.kind in ("PLUS", "MINUS", "NOT"):
                mods = self.take().kind
            if self.tok.kind not in _CLAUSE_START:
                self.unexpected(self.tokens[self.at - 1] if conj or mods else self.tok)
            node = self.clause(field, depth)
            self.add_clause(clauses, conj, mods, node)
        must = [n for occur, n in clauses if occur == _MUST]
        should = [n for occur, n in clauses if occur == _SHOULD]
        must_not = [Not(n) for occur, n in clauses if occur == _MUST_NOT]
        if not must and should:
            must = [make_or(should)]
        return make_and(must + must_not)

    @staticmethod
    def add_clause(clauses: list[tuple[str, Node]], conj: str, mods: str, node: Node) -> None:
        # Lucene's QueryParserBase.addClause for the AND default operator.
        if clauses and conj and clauses[-1][0] != _MUST_NOT:
            clauses[-1] = (_MUST if conj == "AND" else _SHOULD, clauses[-1][1])
        if mods in ("MINUS", "NOT"):
            clauses.append((_MUST_NOT, node))
        else:
            clauses.append((_SHOULD if conj == "OR" else _MUST, node))

    def unexpected(self, token: _Token) -> None:
        """Raise the clearest error for a token that cannot start/follow a clause."""
        kind = token.kind
        if kind in ("AND", "OR", "NOT", "PLUS", "MINUS"):
            raise self.error(f"Operator '{token.text}' tidak diikuti kata pencarian.", token)
        if kind == "RPAREN":
            raise self.error("Tanda kurung ')' tanpa pasangan '('.", token)
        if kind == "COLON":
            raise self.error(
                "Tanda ':' tidak terduga; tulis \\: atau beri tanda kutip pada nilai "
                "yang mengandung titik dua.",
                token,
            )
        if kind in ("CARET", "FUZZY"):
            raise self.error(
                f"Tanda '{token.text[0]}' hanya boleh langsung setelah kata pencarian.",
                token,
            )
        raise self.error("Kueri tidak lengkap.", token)

    def clause(self, field: str | None, depth: int) -> Node:
        tok = self.tok
        if tok.kind == "WORD" and self.peek().kind == "COLON":
            colon = self.peek()
            self.take()
            self.take()
            if tok.text == "*" and tok.wild:
                value = self.tok
                if value.kind == "WORD" and value.text == "*" and value.wild:
                    self.take()
                    self.suffixes(term=False)
                    return MatchAll()
                raise self.error("Field '*' hanya didukung dalam bentuk *:* (semua data).", tok)
            if not _FIELD.fullmatch(tok.text) or tok.wild:
                raise self.error(f"Nama field '{tok.text}' tidak valid.", tok)
            if self.tok.kind not in _CLAUSE_START:
                raise self.error(f"Field '{tok.text}' tidak diberi nilai.", colon)
            field = tok.text
            tok = self.tok
        if tok.kind == "LPAREN":
            if depth + 1 > MAX_DEPTH:
                raise self.error(
                    f"Kueri terlalu bertingkat (maksimal {MAX_DEPTH} tingkat tanda kurung).",
                    tok,
                )
            self.take()
            if self.tok.kind == "RPAREN":
                raise self.error("Tanda kurung '()' kosong.", tok)
            node = self.clause_list(field, depth + 1)
            if self.take().kind != "RPAREN":
                raise self.error("Tanda kurung '(' tidak ditutup.", tok)
            self.suffixes(term=False)
            return node
        self.take()
        if tok.kind == "QUOTED":
            self.suffixes(term=True)
            return Phrase(field, tok.text)
        if tok.kind == "RANGE":
            self.suffixes(term=False)
            return self.range(field, tok)
        self.suffixes(term=True)
        return self.term(field, tok)

    def suffixes(self, *, term: bool) -> None:
        # Boost and fuzziness change Solr's scoring or spelling tolerance, not which
        # datasets match in our backend, so they are read and dropped.
        seen: set[str] = set()
        while self.tok.kind in ("CARET", "FUZZY"):
            if self.tok.kind in seen or (self.tok.kind == "FUZZY" and not term):
                self.unexpected(self.tok)
            seen.add(self.take().kind)

    def term(self, field: str | None, tok: _Token) -> Node:
        text, wild = tok.text, list(tok.wild)
        prefix = False
        while wild and wild[-1] == len(text) - 1 and text[-1] == "*":
            text, prefix = text[:-1], True
            wild.pop()
        if wild:
            raise self.error(_WILDCARD_ERROR, tok)
        if not text:
            return MatchAll() if field is None else Exists(field)
        return Term(field, text, prefix)

    def range(self, field: str | None, tok: _Token) -> Node:
        if field is None:
            raise self.error(
                "Rentang memerlukan nama field, misalnya metadata_modified:[* TO NOW].",
                tok,
            )
        assert tok.low is not None and tok.high is not None
        low = None if tok.low.text == "*" and not tok.low.quoted else tok.low.text
        high = None if tok.high.text == "*" and not tok.high.quoted else tok.high.text
        if low is None and high is None:
            return Exists(field)
        return Range(field, low, high, tok.include_low, tok.include_high)
