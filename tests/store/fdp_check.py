"""The rules of a Fiscal Data Package, checked on a zip: Data Package v1 (descriptor, resources,
paths, bytes, hash), Tabular Data Resource (Table Schema fields and types, primary and foreign
keys, every CSV cell cast to its field's type) and the Fiscal Data Package 1.0-rc.1 budget
taxonomy (``columnType`` names, ``value`` a number).

Why written here rather than with frictionless-py: frictionless 5 pulls 20-odd packages into the
test environment (measured: 39 wheels, 9.9 MB downloaded) to check a few dozen rules that are
written out below, each as the specification states it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal, InvalidOperation

NAME_RE = re.compile(r"^[a-z0-9._-]+$")  # Data Package: name, lower case, . _ - allowed
TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
         "year", "yearmonth", "duration", "geopoint", "geojson", "any"}
#: The budget taxonomy's column types (fiscal-data-package--budgets), level ranges expanded.
TAXONOMY = re.compile(
    r"^(value|value-kind:(code|label)|value-currency:(code|label)|date:fiscal-year|"
    r"date:generic|direction|phase:(id|label)|budget-line-id|"
    r"(functional|administrative)-classification:generic:(code|label|description|"
    r"level[1-8]:(code|label|description))|"
    r"economic-classification:generic:(code|label|description|level[1-4]:(code|label|description))|"
    r"geo:(generic|source|target):(code|codeList|title))$")
COLUMN_TYPE_DATA = {"value": "number", "date:fiscal-year": "integer"}


def _cast(type_: str, text: str):
    if text == "":
        return None
    if type_ == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(text)
        return int(text)
    if type_ == "number":
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
    return text


def check_resource(zf: zipfile.ZipFile, res: dict) -> list[dict]:
    """The resource's rows, cast; AssertionError naming the rule a part breaks."""
    assert NAME_RE.match(res["name"]), res["name"]
    path = res["path"]
    assert not path.startswith("/") and ".." not in path.split("/"), path
    body = zf.read(path)
    assert res["bytes"] == len(body)
    algo, _, digest = res["hash"].partition(":")
    assert algo == "sha256" and hashlib.sha256(body).hexdigest() == digest
    assert res["profile"] == "tabular-data-resource" and res["format"] == "csv"
    assert res["encoding"] == "utf-8" and not body.startswith(b"\xef\xbb\xbf")
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    assert len(set(names)) == len(names)
    for f in fields:
        assert f["type"] in TYPES, f
        if "columnType" in f:
            assert TAXONOMY.match(f["columnType"]), f["columnType"]
            assert COLUMN_TYPE_DATA.get(f["columnType"], f["type"]) == f["type"], f
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    assert next(reader) == names
    rows = []
    for line in reader:
        assert len(line) == len(names), line
        row = {f["name"]: _cast(f["type"], cell) for f, cell in zip(fields, line)}
        for f in fields:
            if f.get("constraints", {}).get("required"):
                assert row[f["name"]] is not None, (f["name"], line)
        rows.append(row)
    for f in fields:
        if f.get("constraints", {}).get("unique"):
            values = [r[f["name"]] for r in rows]
            assert len(set(values)) == len(values), f["name"]
    key = res["schema"].get("primaryKey")
    if key:
        keys = [tuple(r[k] for k in key) for r in rows]
        assert all(None not in k for k in keys) and len(set(keys)) == len(keys)
    return rows


def check_package(data: bytes) -> tuple[dict, dict[str, list[dict]]]:
    """(descriptor, rows by resource name) of a valid package; AssertionError otherwise."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    descriptor = json.loads(zf.read("datapackage.json"))
    assert NAME_RE.match(descriptor["name"]) and descriptor["title"]
    assert descriptor["profile"] == "fiscal-data-package"
    assert descriptor["resources"], "a package has at least one resource"
    names = [r["name"] for r in descriptor["resources"]]
    assert len(set(names)) == len(names)
    rows = {r["name"]: check_resource(zf, r) for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"]
            known = {r[fk["reference"]["fields"]] for r in rows[target]}
            assert all(r[fk["fields"]] in known for r in rows[res["name"]]), fk
    assert any(f.get("columnType") == "value" for r in descriptor["resources"]
               for f in r["schema"]["fields"]), "a fiscal package has a value column"
    return descriptor, rows
