"""The rules kit: a declared schema for every entry of a rules file, one error class, line finding.

Why: the rules are data, and data that no schema declares grows keys nobody can list (``unless``,
``sets_section`` …) and loaders that each parse in their own way. Here an entry's shape is declared
once, as a :class:`Schema` of typed :class:`Field` s (type, required or optional, allowed values,
one sentence of meaning), in the manner of frictionless-py's field descriptors and pdfplumber's
``TableSettings`` validation: :meth:`Schema.check` refuses a missing key, a key of the wrong type,
a value outside the allowed ones and any key the schema does not declare, and the error names the
file, the line and the key. ``docs/rules-format.md`` is rendered from the same declarations
(:func:`schema_markdown`), so the reference cannot drift from what the loaders accept.

TOML gives no line numbers (stdlib ``tomllib``); :func:`header_lines` and :func:`key_line` find them
in the text, which is enough for the simple layout every rules file keeps (``[[name]]`` headers and
``key = value`` lines).
"""

from __future__ import annotations

import builtins
import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable, Iterator, Mapping, Optional


class RuleError(ValueError):
    """A rules file is malformed. The one error class of every rules loader: a broken declaration
    is a bug in the package data, raised when loaded (never during a run). ``file``, ``line`` and
    ``key`` locate it when known; the message already names them."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, key: str = ""):
        where = f"{file}:{line}" if file and line else file
        text = f"{where}: {message}" if where and not message.startswith(where) else message
        super().__init__(text)
        self.file, self.line, self.key = file, line, key


def toml_line(exc: ValueError) -> int:
    """The line of a TOML syntax error (``lineno`` from Python 3.14; before, only its message
    says "(at line N, column M)")."""
    found = re.search(r"at line (\d+)", str(exc))
    return getattr(exc, "lineno", 0) or (int(found.group(1)) if found else 0)


def toml_error(exc: ValueError, file: str) -> RuleError:
    """A rules file that is not valid TOML, named with the line the parser stopped at."""
    return RuleError(f"not valid TOML: {exc}", file=file, line=toml_line(exc))


_TYPE_NAMES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "list",
               dict: "table"}


_MEASURE_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")


def _regex_problem(value: str) -> Optional[str]:
    if not value:
        return "an empty regular expression"
    try:
        re.compile(value)
    except re.error as exc:
        return f"bad regex {value!r}: {exc}"
    return None


#: Formats a string (or each string of a list, or each value of a table) must have, by name:
#: declared, so the reference can say what a key holds.
FORMATS = {
    "non-empty": lambda v: None if v else "an empty string",
    "regex": _regex_problem,
    "measure": lambda v: None if _MEASURE_RE.match(v) else f"bad measure key {v!r}",
    "measure or empty": lambda v: None if v == "" or _MEASURE_RE.match(v)
    else f"bad measure key {v!r}",
}


@dataclass(frozen=True)
class Field:
    """One key of an entry. ``type`` is a Python type or a tuple of them (an int is accepted where
    a float is declared: TOML writes ``3`` for 3.0); ``items`` the type of a list's elements;
    ``allowed`` the only values (empty: any); ``format`` a name in :data:`FORMATS` that every
    string of the value must have; ``schema`` the shape of a sub-table (or of each table of a
    list)."""

    name: str
    type: type | tuple[type, ...]
    required: bool = False
    doc: str = ""
    allowed: tuple = ()
    items: Optional[builtins.type] = None  # builtins: the field above is named type
    format: str = ""
    schema: Optional["Schema"] = None

    def problem(self, value: Any) -> Optional[str]:
        """Why ``value`` does not fit this field (None when it does); sub-tables aside."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if float in types:
            types = types + (int,)
        if isinstance(value, bool) and bool not in types:
            return f"'{self.name}' must be {self.type_name()}, not a boolean"
        if not isinstance(value, types):
            return f"'{self.name}' must be {self.type_name()}, not {type(value).__name__}"
        if self.items is not None and isinstance(value, list) \
                and not all(isinstance(v, self.items) for v in value):
            return f"'{self.name}' must be a list of {_TYPE_NAMES.get(self.items, 'values')}"
        if self.allowed and value not in self.allowed:
            return f"'{self.name}' must be one of {list(self.allowed)}, not {value!r}"
        return self._format_problem(value)

    def _format_problem(self, value: Any) -> Optional[str]:
        if not self.format:
            return None
        values = value if isinstance(value, list) else \
            list(value.values()) if isinstance(value, dict) else [value]
        for v in values:
            problem = FORMATS[self.format](v) if isinstance(v, str) else f"{v!r} is not a string"
            if problem:
                return f"'{self.name}': {problem}"
        return None

    def type_name(self) -> str:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        name = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
        if self.items is not None:
            name += f" of {_TYPE_NAMES.get(self.items, self.items.__name__)}"
        if self.format:
            name += f" ({self.format})"
        if self.schema is not None:
            name += f" (see {self.schema.name})"
        return name


@dataclass(frozen=True)
class Schema:
    """The declared shape of one kind of entry (a ``[[rule]]`` of a TOML file, a CSV row …).
    ``open`` lets undeclared keys through (they are someone else's to check: a rule's evaluator
    parameters are declared by the evaluator's own schema)."""

    name: str
    doc: str
    fields: tuple[Field, ...]
    open: bool = False

    def field(self, name: str) -> Optional[Field]:
        """The field of that name (the first, as a scan of ``fields`` finds it), or None."""
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        """Fields by name, built on first use: every key of every entry is looked up (50k
        lookups when the rules load), a scan of the fields each time."""
        out: dict[str, Field] = {}
        for f in self.fields:
            out.setdefault(f.name, f)
        return out

    def problems(self, entry: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Every (key path, problem) of ``entry``, missing keys first, then in the entry's order;
        a sub-table's problems carry its path (``column[3].pattern``)."""
        out = [(f.name, f"missing '{f.name}'") for f in self.fields
               if f.required and entry.get(f.name) in (None, "")]
        for key, value in entry.items():
            declared = self.field(key)
            if declared is None:
                if not self.open:
                    out.append((key, f"unknown key '{key}' (known: {[f.name for f in self.fields]})"))
                continue
            problem = declared.problem(value)
            if problem and not (declared.required and value in (None, "")):
                out.append((key, problem))
            elif not problem and declared.schema is not None:
                out += _sub_problems(key, value, declared.schema)
        return out

    def check(self, entry: Any, file: str, line: int = 0, text: str = "",
              label: str = "", header: str = "") -> None:
        """Raise :class:`RuleError` naming file, line and key at the first problem of ``entry``.
        ``text`` (the file's text) lets the line of the bad key be found from the entry's line;
        ``header`` (the entry's ``[[header]]``) the line of a nested ``[[header.key]]`` table."""
        prefix = f"{label}: " if label else ""
        if not isinstance(entry, Mapping):
            raise RuleError(f"{prefix}{self.name} must be a table", file=file, line=line)
        for path, problem in self.problems(entry):
            at = path_line(text, line, path, header) if text and line else line
            raise RuleError(f"{prefix}{path}: {problem}" if "." in path or "[" in path
                            else f"{prefix}{problem}", file=file, line=at, key=path)


def _sub_problems(key: str, value: Any, schema: Schema) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [(f"{key}.{k}", p) for k, p in schema.problems(value)]
    out = []
    for i, item in enumerate(value if isinstance(value, list) else ()):
        if not isinstance(item, Mapping):
            out.append((f"{key}[{i}]", f"'{key}[{i}]' must be a table ({schema.name})"))
        else:
            out += [(f"{key}[{i}].{k}", p) for k, p in schema.problems(item)]
    return out


def path_line(text: str, start: int, path: str, header: str = "") -> int:
    """The line of a key path (``label[2].side``) in the entry starting at ``start``: the n-th
    ``[[header.label]]`` after ``start`` (before the next ``[[header]]``), then the key's line."""
    first, _, rest = path.partition(".")
    name, _, index = first.partition("[")
    if index and header:
        end = next((n for n in header_lines(text, header) if n > start), 10 ** 9)
        nested = [n for n in header_lines(text, f"{header}.{name}") if start < n < end]
        i = int(index.rstrip("]"))
        if i < len(nested):
            return key_line(text, nested[i], rest.split(".")[0].split("[")[0]) if rest \
                else nested[i]
    return key_line(text, start, name)


def csv_rows(text: str, schema: Schema, file: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV rules file, each checked against ``schema`` (its columns), with its line.

    The header may hold no column the schema does not declare and must hold every required one;
    a cell left empty is an absent value (stripped otherwise), so a required column's empty cell
    is named as missing. Errors name the file, the line and the column."""
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    for name in header:
        if schema.field(name) is None and not schema.open:
            raise RuleError(f"unknown column '{name}' (known: {[f.name for f in schema.fields]})",
                            file=file, line=1, key=name)
    for f in schema.fields:
        if f.required and f.name not in header:
            raise RuleError(f"missing column '{f.name}'", file=file, line=1, key=f.name)
    for row in reader:
        if None in row:
            raise RuleError("more cells than columns", file=file, line=reader.line_num)
        values = {k: v.strip() for k, v in row.items() if v is not None and v.strip()}
        schema.check(values, file, reader.line_num)
        yield reader.line_num, values


def header_lines(text: str, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` (or ``[header]``) line of a TOML text, in order:
    the n-th entry of an array of tables starts at the n-th of them."""
    pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(header) + r"\s*\]\]?\s*(#.*)?$")
    return [n for n, line in _bracketed(text) if pattern.match(line)]


@lru_cache(maxsize=16)
def _lines(text: str) -> tuple[str, ...]:
    """The lines of a rules text, split once: a loader asks for the lines of its entries' headers
    and keys a hundred times over the same text (each a split of the whole file before)."""
    return tuple(text.splitlines())


@lru_cache(maxsize=16)
def _bracketed(text: str) -> tuple[tuple[int, str], ...]:
    """(1-based number, line) of the lines holding a ``[``: the only ones a header can be."""
    return tuple((n, line) for n, line in enumerate(_lines(text), 1) if "[" in line)


def key_line(text: str, start: int, key: str) -> int:
    """The line of ``key = …`` in the entry that starts at line ``start`` (``start`` when the key
    is not written on a line of its own, e.g. in an inline table)."""
    pattern = re.compile(r"^\s*(" + re.escape(key) + r'|"' + re.escape(key) + r'")\s*=')
    for n, line in enumerate(_lines(text)[start:], start + 1):
        if line.lstrip().startswith("["):
            break
        if pattern.match(line):
            return n
    return start


def entry_line(lines: list[int], index: int) -> int:
    """The start line of the ``index``-th entry (0 when the text was not given)."""
    return lines[index] if index < len(lines) else 0


def schema_markdown(schemas: Iterable[Schema], title: str = "") -> str:
    """The reference of the given schemas, one section and one table of keys each."""
    out = [f"# {title}", ""] if title else []
    for schema in schemas:
        out += [f"## {schema.name}", "", schema.doc, "", "| key | type | required | meaning |",
                "|---|---|---|---|"]
        for f in schema.fields:
            allowed = f" (one of: {', '.join(f'`{a}`' for a in f.allowed)})" if f.allowed else ""
            cell = f"{f.doc}{allowed}".replace("|", "\\|")
            out.append(f"| `{f.name}` | {f.type_name()} | {'yes' if f.required else 'no'} | "
                       f"{cell} |")
        if schema.open:
            out.append("| *other keys* | | | checked by the schema of the entry's kind |")
        out.append("")
    return "\n".join(out)
