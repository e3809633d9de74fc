"""Which body column each header word of a table printed without rulings heads.

Why its own module: without rulings a column is only a band of figures (the union of the body
words' extents, :mod:`pdf_textgrid`), and its header is wherever the report engine centred it
in a cell nobody drew. Report engines with fixed column widths (reportlab, Crystal, Excel
exports) centre a header over a cell whose figures are right-aligned and whose labels are
left-aligned, so a header word often overlaps no band at all: it sits in the gap left of its
amount column, or right of its label column. Taking every such word for a column of its own
(left blank in the body) splits one column into two and shifts every header after it.

The text-alignment reading (as pdfplumber's ``text`` strategy does), on the header's leaves
(the lowest line of each label; group headings above them are spanned by :mod:`pdf_textheader`):
a leaf overlapping one band heads it; the leaves between two bands are joined into clusters by
their x-extents; the last cluster heads the right band and the first the left one when no leaf
heads that band already (an amount column's centred header sits left of its right-aligned
figures, a label column's right of its left-aligned text), and only a cluster left over heads
a column blank in the body. A lone cluster with both neighbours free heads the nearer.
"""

from __future__ import annotations

from typing import Optional, Sequence

from budgetlens.model import Line, Word

Band = Sequence[float]
#: per gap index i (between band i and band i+1): (the boundary's lowest x, its highest x)
Sides = dict[int, tuple[Optional[float], Optional[float]]]


def _overlaps(w: Word, band: Band, gap: float) -> bool:
    return w.x0 <= band[1] + gap and w.x1 >= band[0] - gap


def _gap_of(w: Word, bands: Sequence[Band]) -> int:
    """Index i of the gap the word lies in: after band i (-1: before the first band)."""
    return sum(1 for b in bands if b[1] < w.x0) - 1


def _limit(sides: Sides, i: int, lo: Optional[float] = None, hi: Optional[float] = None) -> None:
    a, b = sides.get(i, (None, None))
    if lo is not None:
        a = lo if a is None else max(a, lo)
    if hi is not None:
        b = hi if b is None else min(b, hi)
    sides[i] = (a, b)


def _clusters(words: Sequence[Word], gap: float) -> list[list[float]]:
    """Unions of the words' x-extents: the lines of one wrapped header cell are stacked at one
    centre, so they fall into one cluster, and each cluster is one column's header."""
    out: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], w.x1)
        else:
            out.append([w.x0, w.x1])
    return out


def _assign_gap(found: list[list[float]], i: int, bands: Sequence[Band], headed: set[int]
                ) -> list[tuple[list[float], int]]:
    """The header clusters in gap ``i``, left to right, with their bands (-1: a blank column):
    the last heads the right band and the first the left one when no word over that band heads
    it; a lone cluster with both neighbours free heads the nearer."""
    left = i if i >= 0 and i not in headed else None
    right = i + 1 if i + 1 < len(bands) and i + 1 not in headed else None
    if len(found) == 1 and left is not None and right is not None:
        c = found[0]
        return [(c, left if c[0] - bands[left][1] < bands[right][0] - c[1] else right)]
    out = [(c, -1) for c in found]
    if right is not None and out:
        out[-1] = (found[-1], right)
    if left is not None and out and out[0][1] == -1:
        out[0] = (found[0], left)
    return out


def _leaves(header: Sequence[Line]) -> list[Word]:
    """The header words with no header word printed below them within their width: the
    lowest line of each column's label. A word with words below it is a group heading (over
    one leaf or several, centred on their cells, which only its leaves' bands can tell) or
    the upper line of a wrapped cell whose lowest line stands for it."""
    out = []
    for n, ln in enumerate(header):
        below = [v for low in header[n + 1:] for v in low.words]
        out += [w for w in ln.words if not any(w.x0 < v.x1 and w.x1 > v.x0 for v in below)]
    return out


def header_columns(bands: Sequence[Band], header: Sequence[Line], gap: float
                   ) -> tuple[Sides, list[tuple[float, float]]]:
    """Per gap between bands, how far the boundary must keep clear of the header words of
    each side; and the extents of header words that head a column blank in the body."""
    pairs: list[tuple[tuple[float, float], int]] = []
    gaps: dict[int, list[Word]] = {}
    for w in _leaves(header):
        hit = [k for k, b in enumerate(bands) if _overlaps(w, b, gap)]
        if len(hit) == 1:
            pairs.append(((w.x0, w.x1), hit[0]))
        elif not hit:
            gaps.setdefault(_gap_of(w, bands), []).append(w)
    headed = {k for _, k in pairs}
    extra: list[tuple[float, float]] = []
    for i in sorted(gaps):  # left to right: a band headed from the gap before is taken
        for c, k in _assign_gap(_clusters(gaps[i], gap), i, bands, headed):
            if k < 0:
                extra.append((c[0], c[1]))
            else:
                pairs.append(((c[0], c[1]), k))
                headed.add(k)
    sides: Sides = {}
    for (x0, x1), k in pairs:
        if x1 > bands[k][1]:  # wider than its band, or right of it: the boundary after it
            _limit(sides, k, lo=x1)
        if x0 < bands[k][0]:
            _limit(sides, k - 1, hi=x0)
    return sides, extra
