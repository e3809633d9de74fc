"""Decoding text-like inputs (read/encoding.py) on a real seed saved in the encodings disclosures
come in: UTF-8 with and without BOM, UTF-16 without BOM (Windows tools), GB18030/GBK — each
gives the seed's text back and names its encoding; GBK bytes once read as Latin-1 (mojibake) are
repaired. Near misses: binary bytes are no text; ASCII English with a few accents is not
"repaired"; a declared GB2312 is widened to GB18030 (which holds 〇)."""

from __future__ import annotations

import random

import pytest

from budgetlens.read.encoding import decode_bytes, normalize_label, repair_mojibake

from ..conftest import seed_path


@pytest.fixture(scope="module")
def text() -> str:
    return seed_path("004").read_text(encoding="utf-8")[:4000]


@pytest.mark.parametrize("codec,name", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                        ("utf-16-le", "utf-16-le"), ("gb18030", "gb18030")])
def test_the_seed_in_each_encoding_decodes_to_itself(text, codec, name):
    decoded = decode_bytes(text.encode(codec))
    assert decoded is not None
    assert (decoded.text, decoded.encoding, decoded.lossy) == (text, name, False)


def test_gbk_bytes_read_once_as_latin1_are_repaired(text):
    mojibake = text.encode("gb18030").decode("latin-1")
    repaired = repair_mojibake(mojibake)
    assert repaired is not None and repaired.text == text and repaired.repaired == "latin-1"
    assert decode_bytes(mojibake.encode("utf-8")).text == text
    # near miss: Latin text with a few accented letters stays as it is
    assert repair_mojibake("Café résumé naïve — déjà vu, très élégant, à la française") is None


def test_binary_bytes_are_no_text_and_one_bad_byte_does_not_lose_a_file(text):
    assert decode_bytes(random.Random(12).randbytes(4096)) is None
    damaged = decode_bytes(text.encode("utf-8") + b"\xff" + text.encode("utf-8"))
    assert damaged is not None and damaged.lossy and damaged.text.count("\ufffd") == 1


def test_declared_gb_labels_widen_to_gb18030():
    assert normalize_label("GB2312") == normalize_label("gbk") == "gb18030"
    assert decode_bytes("二〇二四年".encode("gb18030"), declared="gb2312").text == "二〇二四年"
