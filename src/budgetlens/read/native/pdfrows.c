/* A page's chars into printed rows and words, in C: budgetlens.read.pdf_rows.PageRows.
 *
 * Why: every page's chars are sorted by their vertical centres, cut into rows, each row sorted
 * left to right and split into words (pdf_layout.mid_order, row_starts, row_words). In Python
 * that is a loop of bytecode per char, about a sixth of what is left of reading once the char
 * loop and the object walk are compiled (docs/benchmark.md, session 14). Here the same steps
 * run on flat arrays the Python side fills from the chars; Python then builds the same tuples.
 *
 * What it computes is exactly what the Python steps compute: the sorts are stable (a merge sort
 * taking the left item on ties, as Python's sort keeps equal keys in their order), the row
 * tolerance and the word gaps are the same double arithmetic in the same order (built with
 * -ffp-contract=off). A NaN centre or left edge is answered -2: Python's sort orders NaNs by its
 * own algorithm, so the Python steps read that page.
 *
 * Safety: every output array has room for n items (a page cannot have more rows, words or
 * word chars than chars); the sort's scratch array is allocated here and freed before return
 * (-1 when there is no memory: Python reads the page).
 */
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    int32_t n;                                  /* chars, in the page's order */
    const double *x0, *top, *x1, *bottom, *size;
    const uint8_t *space;                       /* a printed space (truthy) */
    const int32_t *index;                       /* each char's place in code */
    const uint32_t *code;                       /* the page's text, one code point a char */
    double line_tol, word_gap, duplicate;       /* LayoutSettings */
    /* out, n items each (starts and wrows n + 1) */
    int32_t *order;     /* the chars in mid order: indices into the input */
    double *mids;       /* their doubled centres (top + bottom), in that order */
    int32_t *starts;    /* where each row begins in mid order, n last; nrows + 1 of them */
    int32_t *perm;      /* per row, its chars left to right: positions in mid order */
    int32_t *wrows;     /* where each row's words begin among the words; nrows + 1 */
    int32_t *wfirst;    /* per word, the position in its row of its first char */
    int32_t *wend;      /* per word, where its text ends in text */
    double *wx0, *wtop, *wx1, *wbottom;
    uint32_t *text;     /* the words' chars, one after the other */
    int32_t nrows, nwords;
} bl_rows;

/* Stable merge sort of idx[0..m) by key[idx[i]] ascending; tmp has room for m. */
static void merge_sort(int32_t *idx, int32_t *tmp, int32_t m, const double *key) {
    for (int32_t width = 1; width < m; width *= 2) {
        for (int32_t lo = 0; lo < m; lo += 2 * width) {
            int32_t mid = lo + width < m ? lo + width : m;
            int32_t hi = lo + 2 * width < m ? lo + 2 * width : m;
            int32_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi)
                tmp[o++] = key[idx[b]] < key[idx[a]] ? idx[b++] : idx[a++];
            while (a < mid) tmp[o++] = idx[a++];
            while (b < hi) tmp[o++] = idx[b++];
        }
        for (int32_t i = 0; i < m; i++) idx[i] = tmp[i];
    }
}

/* pdf_layout.tolerance of char c. */
static double tolerance(const bl_rows *r, int32_t c) {
    double h = r->bottom[c] - r->top[c];
    double cap = (r->size[c] > 1.0 ? r->size[c] : 1.0) * 1.3;
    double tol = 2.0 * r->line_tol * (h < cap ? h : cap);
    return tol >= 2.0 ? tol : 2.0;
}

/* pdf_layout.row_starts over the mid order. */
static void row_starts(bl_rows *r) {
    int32_t rows = 0;
    double ref = 0.0, tol = 0.0;
    for (int32_t k = 0; k < r->n; k++) {
        double cy = r->mids[k];
        if (rows > 0 && cy - ref <= tol) continue;
        r->starts[rows++] = k;
        ref = cy;
        tol = tolerance(r, r->order[k]);
    }
    r->starts[rows] = r->n;
    r->nrows = rows;
}

/* pdf_layout.row_words of row `row` (its chars left to right: perm[a..b)). */
static void row_words(bl_rows *r, int32_t a, int32_t b) {
    int32_t open = 0, at = r->nwords ? r->wend[r->nwords - 1] : 0;
    double x0 = 0.0, top = 0.0, x1 = 0.0, bottom = 0.0, last = 0.0, limit = 0.0;
    uint32_t prev = 0;
    for (int32_t j = a; j < b; j++) {
        int32_t c = r->order[r->perm[j]];
        double cx0 = r->x0[c], cx1 = r->x1[c], ctop = r->top[c], cbottom = r->bottom[c];
        if (r->space[c]) {
            if (open) { r->wend[r->nwords] = at; r->wx0[r->nwords] = x0; r->wtop[r->nwords] = top;
                        r->wx1[r->nwords] = x1; r->wbottom[r->nwords++] = bottom; open = 0; }
            continue;
        }
        if (open && cx0 - x1 <= limit) {
            if (r->code[r->index[c]] == prev && cx0 - last < r->duplicate) continue;  /* drawn twice */
            last = cx0;
            r->text[at++] = prev = r->code[r->index[c]];
            if (cx1 > x1) x1 = cx1;
            if (ctop < top) top = ctop;
            if (cbottom > bottom) bottom = cbottom;
            continue;
        }
        if (open) { r->wend[r->nwords] = at; r->wx0[r->nwords] = x0; r->wtop[r->nwords] = top;
                    r->wx1[r->nwords] = x1; r->wbottom[r->nwords++] = bottom; }
        r->wfirst[r->nwords] = j - a;
        open = 1;
        r->text[at++] = prev = r->code[r->index[c]];
        x0 = cx0; top = ctop; x1 = cx1; bottom = cbottom;
        last = cx0;
        limit = r->word_gap * (r->size[c] > 1.0 ? r->size[c] : 1.0);
    }
    if (open) { r->wend[r->nwords] = at; r->wx0[r->nwords] = x0; r->wtop[r->nwords] = top;
                r->wx1[r->nwords] = x1; r->wbottom[r->nwords++] = bottom; }
}

/* 0 when done; -1 out of memory; -2 a NaN centre or left edge (Python reads the page). */
int bl_page_rows(bl_rows *r) {
    int32_t n = r->n;
    for (int32_t i = 0; i < n; i++) {
        r->order[i] = i;
        if (r->x0[i] != r->x0[i] || r->top[i] + r->bottom[i] != r->top[i] + r->bottom[i])
            return -2;
    }
    int32_t *tmp = malloc((size_t)(n > 0 ? n : 1) * sizeof *tmp);
    double *key = calloc((size_t)(n > 0 ? n : 1), sizeof *key);
    if (!tmp || !key) { free(tmp); free(key); return -1; }
    for (int32_t i = 0; i < n; i++) key[i] = r->top[i] + r->bottom[i];
    merge_sort(r->order, tmp, n, key);
    for (int32_t k = 0; k < n; k++) r->mids[k] = key[r->order[k]];
    row_starts(r);
    for (int32_t k = 0; k < n; k++) key[k] = r->x0[r->order[k]];  /* x0 in mid order */
    r->nwords = 0;
    for (int32_t row = 0; row < r->nrows; row++) {
        int32_t a = r->starts[row], b = r->starts[row + 1];
        for (int32_t k = a; k < b; k++) r->perm[k] = k;
        merge_sort(r->perm + a, tmp, b - a, key);
        r->wrows[row] = r->nwords;
        row_words(r, a, b);
    }
    r->wrows[r->nrows] = r->nwords;
    free(tmp);
    free(key);
    return 0;
}

/* Python's bisect_right / bisect_left over a[0..m). */
static int32_t bisect_right(const double *a, int32_t m, double v) {
    int32_t lo = 0, hi = m;
    while (lo < hi) { int32_t mid = lo + (hi - lo) / 2; if (v < a[mid]) hi = mid; else lo = mid + 1; }
    return lo;
}
static int32_t bisect_left(const double *a, int32_t m, double v) {
    int32_t lo = 0, hi = m;
    while (lo < hi) { int32_t mid = lo + (hi - lo) / 2; if (a[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
}
static int32_t bisect_right_i(const int32_t *a, int32_t m, int32_t v) {
    int32_t lo = 0, hi = m;
    while (lo < hi) { int32_t mid = lo + (hi - lo) / 2; if (v < a[mid]) hi = mid; else lo = mid + 1; }
    return lo;
}
static int32_t bisect_left_i(const int32_t *a, int32_t m, int32_t v) {
    int32_t lo = 0, hi = m;
    while (lo < hi) { int32_t mid = lo + (hi - lo) / 2; if (a[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
}

/* pdf_rows.PageRows._runs of one grid over a page bl_page_rows laid out: per run of chars in
 * one cell along a page row, (cell, row, first position, position after the last) into out, in
 * the order Python opens them. xs (nx), ys (ny): the grid's bounds; slot: its slot -> cell map,
 * row-major, (ny - 1) x (nx - 1). Returns the number of runs (never more than the page's chars:
 * out holds 4 n). */
int32_t bl_grid_runs(const bl_rows *r, const double *xs, int32_t nx, const double *ys,
                     int32_t ny, const int32_t *slot, int32_t *out) {
    int32_t ncol = nx - 1, last_col = nx - 2, last_row = ny - 2, nruns = 0;
    double gx0 = xs[0], gtop = ys[0], gx1 = xs[nx - 1], gbottom = ys[ny - 1];
    int32_t lo = bisect_left(r->mids, r->n, 2 * gtop), hi = bisect_right(r->mids, r->n, 2 * gbottom);
    int32_t first = bisect_right_i(r->starts, r->nrows + 1, lo) - 1;
    int32_t end = bisect_left_i(r->starts, r->nrows + 1, hi);
    for (int32_t row = first > 0 ? first : 0; row < end; row++) {
        int32_t a = r->starts[row], b = r->starts[row + 1];
        int whole = lo <= a && b <= hi;
        int32_t prev = -1, open = -1;
        for (int32_t p = a; p < b; p++) {
            int32_t k = r->perm[p], cell = -1;
            if (whole || (lo <= k && k < hi)) {
                int32_t c = r->order[k];
                double cx = (r->x0[c] + r->x1[c]) / 2;
                if (gx0 <= cx && cx <= gx1) {
                    int32_t col = bisect_right(xs, nx, cx) - 1;
                    int32_t srow = bisect_right(ys, ny, (r->top[c] + r->bottom[c]) / 2) - 1;
                    srow = srow < last_row ? srow : last_row;
                    col = col < last_col ? col : last_col;
                    if (srow < 0) srow += ny - 1;  /* Python's index -1: the last */
                    if (col < 0) col += ncol;
                    cell = slot[srow * ncol + col];
                }
            }
            if (cell < 0) prev = -1;
            else if (cell == prev) out[4 * open + 3] = p - a + 1;
            else {
                open = nruns++;
                out[4 * open] = cell; out[4 * open + 1] = row;
                out[4 * open + 2] = p - a; out[4 * open + 3] = p - a + 1;
                prev = cell;
            }
        }
    }
    return nruns;
}
