"""The romanised names of divisions whose names are Mongolian, Tibetan, Uyghur, Kazakh… words
(rules/reference/regions_en.csv, ``basis`` = gbt2260: the State's romanisation as GB/T 2260 gives
it, scripts/regions_gbt2260.py): every row says what its English rests on, the forms follow the
declared rules (the suffix in English matches the Chinese one, ü kept in UTF-8, no tone marks or
numbers, no copy's ``v`` or comma left), and a real corpus unit of those regions is named in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.rules.reference import load_gazetteer
from budgetlens.rules.reference.english import REGION_EN, REGIONS_FILE, _read, region_label
from budgetlens.rules.schema import csv_rows

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
#: provinces and prefectures whose county names may be words of another language
OTHER = ("15", "54", "65", "6322", "6323", "6325", "6326", "6327", "6328", "5132", "5133",
         "513422", "6230", "620923", "620924", "5334", "211324", "220721", "230624", "230206",
         "230602")
TONES = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ0-9]")
SUFFIX = (("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("旗", "Banner"),
          ("县", "County"), ("市", "City"), ("区", "District"))
PREFECTURE = (("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"))


def _rows() -> list[dict[str, str]]:
    return [row for _, row in csv_rows(_read(REGIONS_FILE), REGION_EN, REGIONS_FILE)]


def test_the_csv_is_utf8_and_keeps_the_diaeresis():
    raw = (Path(__file__).resolve().parents[3] / "src" / "budgetlens" / "rules" / "reference"
           / REGIONS_FILE).read_bytes()
    text = raw.decode("utf-8")  # refuses any other encoding
    assert "Lhünzhub County".encode() in raw and "Qüxü County" in text and "Zayü County" in text


def test_every_row_says_what_its_english_rests_on():
    rows = _rows()
    for row in rows:
        basis, source = row["basis"], row["source"]
        assert (basis == "none") == (source == "unverified"), row
        assert (basis == "pinyin") == (source == "pinyin"), row
        assert not row.get("also") or basis in ("gbt2260", "hand+gbt2260"), row  # the standard's
        if basis in ("gbt2260", "copy+chinadaily", "none"):  # only names of another language
            assert row["code"].startswith(OTHER), row
    counts = {b: sum(r["basis"] == b for r in rows) for b in ("gbt2260", "none")}
    assert counts["gbt2260"] > 3 * counts["none"], counts  # most read from the standard
    # two sources or none: a row the copy adds is used only where China Daily prints it alike
    hure = next(r for r in rows if r["code"] == "150524")
    assert (hure["en"], hure["basis"]) == ("Hure Banner", "copy+chinadaily")
    holingol = next(r for r in rows if r["code"] == "150581")  # the copy: Holingol; China Daily:
    assert holingol["basis"] == "none"                           # Huolin Gol — they disagree


def test_romanised_forms_follow_the_declared_rules():
    for row in _rows():
        if row["basis"] not in ("gbt2260", "hand+gbt2260", "copy+chinadaily"):
            continue
        en, name = row["en"], row["name"]
        assert not TONES.search(en), row  # no pinyin tone marks or numbers
        assert "," not in en and not re.search(r"[a-z]v|v[a-z]", en), row  # copy's ASCII undone
        assert en[:1].isupper() and "  " not in en, row
        if row["basis"] != "hand+gbt2260" and not row["code"].endswith("00"):
            suffix = next(e for zh, e in SUFFIX if name.endswith(zh))
            assert en.endswith(suffix), row  # the English generic is the Chinese one's
        elif row["basis"] == "gbt2260":  # a prefecture: 自治州, 地区, 盟, or a city's bare name
            suffix = next((e for zh, e in PREFECTURE if name.endswith(zh)), "")
            assert en.endswith(suffix) and (suffix or " " not in en), row


@pytest.mark.parametrize("code,english", [
    ("150425", "Hexigten Banner"), ("152502", "Xilinhot City"), ("152923", "Ejin Banner"),
    ("150422", "Bairin Left Banner"), ("152221", "Horqin Right Wing Front Banner"),
    ("540227", "Xaitongmoin County"), ("540224", "Sa'gya County"), ("540121", "Lhünzhub County"),
    ("513201", "Barkam City"), ("632802", "Delhi City"), ("653125", "Shache County"),
    ("150424", "Linxi County"),  # a Chinese name in those regions: the standard's pinyin
    ("230206", "Hulan Ergi District"),  # 富拉尔基, a Daur name in Heilongjiang
])
def test_examples_of_the_standards_forms(code, english):
    row = next(r for r in _rows() if r["code"] == code)
    assert (row["en"], row["basis"]) == (english, "gbt2260")


def test_a_form_set_by_hand_yields_to_the_standard_and_stays_as_the_exonym():
    rows = {r["code"]: r for r in _rows()}
    assert (rows["653101"]["en"], rows["653101"]["also"]) == ("Kashi City", "Kaxgar; Kashgar")
    assert (rows["653100"]["en"], rows["653100"]["basis"]) == ("Kashi Prefecture", "gbt2260")
    assert (rows["150121"]["en"], rows["150121"]["also"]) == ("Tumd Left Banner", "Tumed")
    # agreeing with the standard, the hand form keeps its diacritics
    assert (rows["540103"]["en"], rows["540103"]["basis"]) == ("Doilungdêqên District",
                                                                "hand+gbt2260")


def test_the_original_language_name_is_kept_beside_a_chinese_one():
    rows = {r["code"]: r for r in _rows()}
    assert (rows["653125"]["en"], rows["653125"]["also"]) == ("Shache County", "Yarkant")
    assert (rows["513301"]["en"], rows["513301"]["also"]) == ("Kangding City", "Dardo")


def test_pages_name_a_romanised_county_with_its_prefecture():
    assert region_label("150425", "克什克腾旗", "en") == "Hexigten Banner, Chifeng"
    gaz = load_gazetteer()
    still = next(r["code"] for r in _rows() if r["basis"] == "none")
    name = gaz.regions[still].name
    assert region_label(still, name, "en").startswith(name + ", ")  # Chinese, never the candidate


def test_a_real_corpus_unit_of_those_regions_is_named_in_english():
    path = CORPUS / "excerpts" / "p03_xinjiang_urumqi_zwfwzx_2023_juesuan_trad.txt"
    if not path.exists():
        pytest.skip("corpus not present")
    from budgetlens.pipeline import process

    meta = process(str(path), audit=False).disclosure.metadata
    assert meta.region_code == "650100"
    assert region_label(meta.region_code, meta.region, "en") == "Urumqi"
