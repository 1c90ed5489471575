"""The Cypher library: the ``cypher/`` directory of ready-made analyst queries.

Every ``*.cypher`` file starts with a header of ``//`` comment lines that says
which question the file answers and which parameters it takes, with their
defaults (Neo4j Browser needs every parameter set, so each has one)::

    // Which units lead the most tasks?
    // @param plan: null   -- plan key such as '拱墅区-2021'; null = all plans
    // @param top: 20      -- how many rows
    MATCH (u:Unit)-[:LEADS]->(t:Task) ...

A header line ``// @write`` marks a file that writes (``schema.cypher``).

>>> q = find_query("lead_load")
>>> q.params["top"]
20
>>> split_statements("RETURN ';' AS a; // c;\\nRETURN 2")
["RETURN ';' AS a", '// c;\\nRETURN 2']
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from respgraph.errors import QueryError

__all__ = [
    "LibraryQuery",
    "cypher_dir",
    "list_queries",
    "find_query",
    "parse_header",
    "parse_param_value",
    "split_statements",
    "browser_params",
    "browser_guide",
]


@dataclass(frozen=True)
class LibraryQuery:
    """One file of the Cypher library."""

    name: str  # the file name without ``.cypher``, e.g. "lead_load"
    path: str  # where the file is (for messages)
    question: str  # the question it answers, from the header
    params: dict = field(default_factory=dict)  # parameter name -> default value
    param_help: dict = field(default_factory=dict)  # parameter name -> description
    writes: bool = False  # header says ``// @write``
    text: str = ""  # the whole file

    @property
    def statements(self) -> list[str]:
        return split_statements(self.text)


def cypher_dir() -> Path:
    """Where the library lives: ``respgraph/cypher`` in an installed wheel,
    else the ``cypher/`` directory at the root of a source checkout.

    >>> (cypher_dir() / "schema.cypher").is_file()
    True
    """
    try:
        packaged = resources.files("respgraph") / "cypher"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - odd loaders
        pass
    # src/respgraph/graphdb/library.py -> repository root
    checkout = Path(__file__).resolve().parents[3] / "cypher"
    if checkout.is_dir():
        return checkout
    raise QueryError(f"the Cypher library is missing (looked for respgraph/cypher and {checkout})")


def list_queries() -> list[LibraryQuery]:
    """Every file of the library, sorted by name."""
    return [_load(path) for path in sorted(cypher_dir().glob("*.cypher"))]


def find_query(name: str) -> LibraryQuery:
    """The library query called ``name`` (with or without ``.cypher``)."""
    stem = name[: -len(".cypher")] if name.endswith(".cypher") else name
    path = cypher_dir() / f"{stem}.cypher"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no library query called {name!r}; known: {known}")
    return _load(path)


def _load(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    question, params, helps, writes = parse_header(text)
    return LibraryQuery(
        name=path.stem,
        path=str(path),
        question=question,
        params=params,
        param_help=helps,
        writes=writes,
        text=text,
    )


_PARAM_LINE = re.compile(r"^@param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")


def parse_header(text: str):
    """Read a file's leading ``//`` comment block.

    Returns ``(question, defaults, descriptions, writes)``.  The question is the
    comment text before the first ``@`` line; ``@param name: default -- help``
    gives a parameter (the default is read by :func:`parse_param_value`);
    ``@write`` marks a writing file.  Lines starting ``Browser:`` are left out of
    the question.

    >>> parse_header("// Who leads?\\n// @param top: 5 -- rows\\nMATCH (n) RETURN n")
    ('Who leads?', {'top': 5}, {'top': 'rows'}, False)
    """
    question_lines: list[str] = []
    defaults: dict = {}
    helps: dict = {}
    writes = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        body = stripped[2:].strip()
        if body.startswith("@param"):
            match = _PARAM_LINE.match(body)
            if not match:
                raise QueryError(f"cannot read the parameter line {stripped!r}")
            name, rest = match.groups()
            value, _, description = rest.partition(" -- ")
            defaults[name] = parse_param_value(value.strip())
            helps[name] = description.strip()
        elif body.startswith("@write"):
            writes = True
        elif body.startswith("Browser:") or body.startswith("@"):
            continue
        elif not defaults and body:
            question_lines.append(body)
    return " ".join(question_lines), defaults, helps, writes


def parse_param_value(text: str):
    """Turn a parameter value as typed on the command line into a Python value.

    Integers, floats, ``null``, ``true``/``false`` and JSON lists/objects/strings
    become what they say; single-quoted text loses its quotes; anything else
    stays a string.

    >>> [parse_param_value(v) for v in ["5", "0.5", "null", "true", '["a", 1]', "'x'", "区财政局"]]
    [5, 0.5, None, True, ['a', 1], 'x', '区财政局']
    """
    stripped = text.strip()
    lowered = stripped.lower()
    if lowered in ("null", "none"):
        return None
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if re.fullmatch(r"[+-]?\d+", stripped):
        return int(stripped)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", stripped):
        return float(stripped)
    if stripped[:1] in ('[', '{', '"'):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return text
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == "'":
        return stripped[1:-1]
    return text


def split_statements(text: str) -> list[str]:
    """Split a Cypher script on ``;`` that stand outside strings and comments.

    Statements that hold nothing but comments and blanks are dropped.

    >>> split_statements("RETURN 'a;b' AS x;\\n/* ; */ RETURN 1;\\n// only a comment;\\n")
    ["RETURN 'a;b' AS x", '/* ; */ RETURN 1']
    """
    statements: list[str] = []
    current: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        two = text[i : i + 2]
        if two == "//":
            end = text.find("\n", i)
            end = n if end == -1 else end
            current.append(text[i:end])
            i = end
        elif two == "/*":
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            current.append(text[i:end])
            i = end
        elif ch in ("'", '"', "`"):
            j = i + 1
            while j < n:
                if text[j] == "\\" and ch != "`":
                    j += 2
                    continue
                if text[j] == ch:
                    # `` inside backticks is an escaped backtick
                    if ch == "`" and text[j + 1 : j + 2] == "`":
                        j += 2
                        continue
                    break
                j += 1
            current.append(text[i : j + 1])
            i = j + 1
        elif ch == ";":
            statements.append("".join(current))
            current = []
            i += 1
        else:
            current.append(ch)
            i += 1
    statements.append("".join(current))
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(statement: str) -> bool:
    """True when something other than comments and blanks is left."""
    without = re.sub(r"/\*.*?\*/", "", statement, flags=re.S)
    without = re.sub(r"//[^\n]*", "", without)
    return bool(without.strip())


def browser_params(params: dict) -> str:
    """A ``:params`` command for Neo4j Browser that sets ``params`` (keys bare, values as Cypher literals).

    >>> browser_params({"plan": None, "top": 20, "unit": "区财政局"})
    ':params {plan: null, top: 20, unit: "区财政局"}'
    """
    body = ", ".join(f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in params.items())
    return f":params {{{body}}}"


def browser_guide(queries=None) -> str:
    """The library's reading queries as a Neo4j Browser guide (HTML for ``:play URL``).

    One slide per query: the question, its parameters, a runnable ``:params``
    line with the defaults and the query itself (Browser puts each into its
    editor with one click).  Everything is escaped: the guide is markup only
    where respgraph wrote it.

    >>> page = browser_guide()
    >>> page.count("<slide"), "MATCH" in page, "schema" in page
    (11, True, False)
    """
    queries = [q for q in (list_queries() if queries is None else queries) if not q.writes]
    slides = [
        "<h3>respgraph: the Cypher library</h3>"
        "<p>One slide per question respgraph's query library answers. Click a grey block to put it "
        "into the editor, then run it: first the <code>:params</code> line (the defaults; "
        "<code>plan: null</code> means every plan), then the query. The same queries run from a "
        "terminal with <code>respgraph cypher NAME --param name=value</code>.</p>"
        "<ul>" + "".join(f"<li>{html.escape(q.name)}: {html.escape(q.question)}</li>" for q in queries) + "</ul>"
    ]
    for q in queries:
        helps = "".join(
            f"<li><code>{html.escape(name)}</code> (default <code>{html.escape(json.dumps(value, ensure_ascii=False))}</code>)"
            + (f": {html.escape(q.param_help.get(name, ''))}" if q.param_help.get(name) else "")
            + "</li>"
            for name, value in q.params.items()
        )
        body = _without_header(q.text)
        slides.append(
            f"<h3>{html.escape(q.question)}</h3>"
            f"<p><code>{html.escape(q.name)}.cypher</code></p>"
            + (f"<ul>{helps}</ul>" if helps else "")
            + (f'<pre class="pre-scrollable code runnable">{html.escape(browser_params(q.params))}</pre>' if q.params else "")
            + f'<pre class="pre-scrollable code runnable">{html.escape(body)}</pre>'
        )
    inner = "".join(
        f'<slide class="row-fluid"><div class="col-sm-12">{slide}</div></slide>\n' for slide in slides
    )
    return (
        '<article class="guide">\n<carousel class="deck container-fluid">\n' + inner + "</carousel>\n</article>\n"
    )


def _without_header(text: str) -> str:
    """The query without its leading ``//`` header block."""
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("//")):
        lines.pop(0)
    return "\n".join(lines).strip()
