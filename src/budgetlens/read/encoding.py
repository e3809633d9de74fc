"""Decode the bytes of a text-like input (plain text, HTML) into str, saying which encoding won.

Why our own code: Chinese disclosures come as UTF-8 (with or without BOM), as UTF-16 saved by
Windows tools (often without BOM), and as GBK/GB2312 — for which GB18030 is the superset that also
holds 〇 and rarer characters. Generic guessers confuse these on short inputs. The order below
goes from the most self-checking encoding to the least: UTF-8 rejects almost every non-UTF-8 byte
string, UTF-16 is only tried when NUL bytes show the typical every-other-byte pattern, GB18030
last. Each candidate must decode strictly *and* give printable text; only then is it chosen.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple, Optional

from .settings import DEFAULT_READ, EncodingSettings

# Bytes examined to spot the UTF-16 NUL pattern (a sample size, as detect.SNIFF_BYTES: the
# pattern shows within the first lines; the thresholds are EncodingSettings).
UTF16_SAMPLE_BYTES = 8192

_DEFAULT: EncodingSettings = DEFAULT_READ.encoding
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CONTROL_OK = frozenset("\t\n\r\f\v\x1a")
# Labels that mean GB2312 or GBK: widened to their superset GB18030.
_GB_ALIASES = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "euc-cn",
                         "x-euc-cn", "csgb2312", "chinese", "iso-ir-58", "windows-936", "gb18030"})


class Decoded(NamedTuple):
    """Decoded text, the encoding used, whether some bytes had to be replaced, and the
    mis-decoding undone (``"latin-1"``) when the text was mojibake repaired."""

    text: str
    encoding: str
    lossy: bool = False
    repaired: str = ""


def normalize_label(label: str) -> Optional[str]:
    """A Python codec name for a declared charset label, GB2312/GBK widened to GB18030."""
    name = label.strip().strip("'\"").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def bom_encoding(data: bytes) -> Optional[str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def guess_utf16(data: bytes, enc: EncodingSettings = _DEFAULT) -> Optional[str]:
    """``utf-16-le``/``utf-16-be`` for text saved as UTF-16 without BOM, else None.

    Evidence: NUL bytes (ASCII digits, tabs and newlines are ``xx 00`` in LE, ``00 xx`` in BE;
    so is 一 U+4E00 the other way round), then the byte order whose strict decoding is plausible
    Chinese text — the wrong order scatters characters over Hangul, symbols and private use.
    """
    sample = data[:UTF16_SAMPLE_BYTES - UTF16_SAMPLE_BYTES % 2]
    sample = sample[:len(sample) - len(sample) % 2]
    if sample.count(0) < 2:
        return None
    best, best_share = None, enc.min_plausible_share
    for name in ("utf-16-le", "utf-16-be"):
        text = _strict(sample, name, final=False)
        share = plausible_share(text) if text else 0.0
        if share >= best_share:
            best, best_share = name, share
    return best


def plausible_share(text: str) -> float:
    """Share of characters usual in Chinese documents: CJK, ASCII, CJK/full-width punctuation."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch < "\x7f" and (ch.isprintable() or ch.isspace())
               or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f" or ch == "\xa0")
    return good / len(text)


def text_share(text: str) -> float:
    """Share of characters that are printable or whitespace (U+3000 counts: it is not
    ``isprintable`` but indents every other Chinese paragraph)."""
    if not text:
        return 1.0
    bad = sum(1 for ch in text if not (ch.isprintable() or ch.isspace() or ch in _CONTROL_OK))
    return 1.0 - bad / len(text)


def _decode(data: bytes, encoding: str, errors: str, final: bool) -> Optional[str]:
    """``data`` decoded, or None when the codec refuses it. Besides UnicodeDecodeError, the
    BOM-led codecs ``utf-16``/``utf-32`` raise a bare UnicodeError ("stream does not start with
    BOM") for data without a BOM, even with ``errors="replace"``: a page may declare
    ``charset=utf-16`` over bytes that are not (found by scripts/fuzz.py)."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors).decode(data, final)
    except (UnicodeError, LookupError):
        return None


def _strict(data: bytes, encoding: str, final: bool) -> Optional[str]:
    text = _decode(data, encoding, "strict", final)
    return text[1:] if text is not None and text.startswith("\ufeff") else text


def candidates(data: bytes, declared: Optional[str] = None,
               utf16: Optional[str] = None) -> list[str]:
    """Encodings to try, in order: BOM, declared charset, UTF-8, UTF-16 (by NULs), GB18030."""
    order = [bom_encoding(data), declared, "utf-8", utf16, "gb18030"]
    seen: list[str] = []
    for name in order:
        if name and name not in seen:
            seen.append(name)
    return seen


def decode_bytes(data: bytes, declared: Optional[str] = None, final: bool = True,
                 enc: EncodingSettings = _DEFAULT) -> Optional[Decoded]:
    """Decode ``data``; None when no candidate gives text (binary content).

    ``final=False`` decodes a prefix (a sniffed sample) and tolerates a character cut at the end.
    A strict decode that gives printable text wins; failing that, the candidate with the fewest
    replaced bytes is accepted if they are rare (``lossy=True``), so one bad byte in a long file
    does not lose the file. ``enc``: the thresholds (``--read-setting encoding.…``).
    """
    utf16 = guess_utf16(data, enc)
    names = candidates(data, declared, utf16)
    for name in names:
        if name.startswith("utf-16") and name not in (bom_encoding(data), utf16):
            continue  # UTF-16 decodes almost any even-length bytes: only on evidence
        text = _strict(data, name, final)
        if text is not None and text_share(text) >= enc.min_text_share and "\x00" not in text:
            return repair_mojibake(text, final, enc) or Decoded(text, name)
    best: Optional[Decoded] = None
    best_bad = 0  # replaced characters of ``best``
    for name in names:
        text = _decode(data, name, "replace", final)
        if text is None:
            continue
        bad = text.count("\ufffd")
        if best is None or bad < best_bad:
            best, best_bad = Decoded(text.lstrip("\ufeff"), name, True), bad
    if best is None or not best.text:
        return None
    if best_bad / len(best.text) > enc.max_lossy_share or \
            text_share(best.text) < enc.min_text_share:
        return None
    return best


def repair_mojibake(text: str, final: bool = True, enc: EncodingSettings = _DEFAULT
                    ) -> Optional[Decoded]:
    """Undo a classic mis-decoding: GBK/UTF-8 bytes once read as Latin-1/CP1252 and saved again
    (``ÄÏ°¶Çø`` for 南岸区). Tried only on text with no CJK and many Latin-1 letters; accepted
    only when the re-decoded text is plausible Chinese."""
    high = sum(1 for ch in text if "\x80" <= ch <= "\xff")
    if high < enc.mojibake_min_chars or high * 5 < len(text) or any("\u4e00" <= ch <= "\u9fff"
                                                             for ch in text):
        return None
    for via in ("latin-1", "cp1252"):
        try:
            raw = text.encode(via)
        except UnicodeEncodeError:
            continue
        for name in ("utf-8", "gb18030"):
            fixed = _strict(raw, name, final)
            if fixed and plausible_share(fixed) >= enc.min_plausible_share and any(
                    "\u4e00" <= ch <= "\u9fff" for ch in fixed):
                return Decoded(fixed, name, False, via)
    return None
