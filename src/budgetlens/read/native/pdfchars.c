/* The per-char loop of budgetlens.read.pdf_objects.read_chars, in C.
 *
 * Why: a corpus pass asks PDFium about two calls per char and five per text object (8.6 M calls),
 * and through ctypes each costs 1,400-1,900 instructions of call machinery, more than PDFium's
 * own work inside (docs/benchmark.md, sessions 12 and 13). Here the same calls are direct calls
 * through PDFium's function pointers, which the Python side takes from pypdfium2's loaded library
 * and hands over in a table: this file includes no header of PDFium or Python and links against
 * nothing.
 *
 * What it computes is exactly what the Python loop computes (the same double arithmetic in the
 * same order; built with -ffp-contract=off so that no multiply-add is fused): for every char that
 * is kept, its index, its box in top-left page coordinates and its font size. Chars whose box the
 * Python side must make (declared metrics: bl_DEFER) come back with their text object, its clip
 * box and its colour so that Python finishes them in order. Pages whose frame is not a plain shift
 * (/Rotate) come back in PDF space (bl_RAW) for Python's frame to convert.
 *
 * Safety: every write is bounded by the capacity the caller passes; the object table is allocated
 * here and freed before return; NULL handles are answered as the Python loop answers them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void *H;
typedef struct { float left, top, right, bottom; } rectf;

/* PDFium's functions, in the order budgetlens.read.native lists them. */
typedef struct {
    int (*loose_box)(H tp, int i, rectf *out);
    H (*text_object)(H tp, int i);
    int (*generated)(H tp, int i);
    int (*char_box)(H tp, int i, double *l, double *r, double *b, double *t);
    H (*clip_path)(H obj);
    int (*clip_count)(H clip);
    int (*clip_count_segments)(H clip, int path);
    H (*clip_segment)(H clip, int path, int seg);
    int (*segment_point)(H seg, float *x, float *y);
    int (*fill_color)(H obj, unsigned *r, unsigned *g, unsigned *b, unsigned *a);
    int (*render_mode)(H obj);
    H (*text_font)(H obj);
    int (*font_embedded)(H font);
    double (*font_size)(H tp, int i);
} bl_fns;

/* How the page is read: the frame, and whether chars may need declared metrics. */
typedef struct {
    int sideways;      /* /Rotate 90 or 270 */
    int shift;         /* the frame is a shift by (sl, st): convert here; else bl_RAW */
    double sl, st, pw2, ph2;
    int measured;      /* a GlyphReader exists (Python: glyphs is not None) */
    int embedded;      /* every font of the page is embedded: only turned objects need metrics */
    int nturned;
    const uintptr_t *turned;  /* the turned text objects (Straightened.back) */
} bl_page;

/* Per kept char, parallel arrays of capacity cap. */
typedef struct {
    int32_t *index;
    uint8_t *flags;
    double *x0, *top, *x1, *bottom, *size;
    double *cx, *cy;     /* bl_PALE: the centre in PDF space (pdf_visible.drop_unseen) */
    uintptr_t *obj;      /* bl_DEFER: the text object */
    uint8_t *space;      /* 1: a printed space (Char.space) */
} bl_out;

enum { bl_PALE = 1, bl_DEFER = 2, bl_RAW = 4, bl_CLIP = 8 };

typedef struct {
    uintptr_t obj;     /* 0: empty slot */
    int metric, clipped, pale;
    double clip[4];    /* doubled clip box (pdf_visible._doubled) */
    double size;
} state;

typedef struct {      /* the last distinct clip seen, keyed as pdf_visible.object_states keys it */
    int n;
    H k0, k1;
    int clipped;
    double box[4];
} clip_memo;

static double dmin(double a, double b) { return b < a ? b : a; }  /* Python min(a, b) */
static double dmax(double a, double b) { return b > a ? b : a; }  /* Python max(a, b) */

/* pdf_visible.clip_box: the intersection of the sub-paths' point boxes; 0 when none has points. */
static int clip_box(const bl_fns *f, H clip, int npaths, double out[4]) {
    int have = 0;
    for (int pi = 0; pi < npaths; pi++) {
        int nseg = f->clip_count_segments(clip, pi), any = 0;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        for (int si = 0; si < nseg; si++) {
            H seg = f->clip_segment(clip, pi, si);
            float x, y;
            if (!seg || !f->segment_point(seg, &x, &y)) continue;
            if (!any) { x0 = x1 = x; y0 = y1 = y; any = 1; continue; }
            x0 = dmin(x0, x); y0 = dmin(y0, y); x1 = dmax(x1, x); y1 = dmax(y1, y);
        }
        if (!any) continue;
        if (!have) { out[0] = x0; out[1] = y0; out[2] = x1; out[3] = y1; have = 1; continue; }
        out[0] = dmax(out[0], x0); out[1] = dmax(out[1], y0);
        out[2] = dmin(out[2], x1); out[3] = dmin(out[3], y1);
    }
    return have;
}

static int is_turned(const bl_page *p, uintptr_t obj) {
    for (int k = 0; k < p->nturned; k++) if (p->turned[k] == obj) return 1;
    return 0;
}

/* pdf_glyphs.FontMetrics.info(font)[0]: the object's font is there and embedded. */
static int font_embedded(const bl_fns *f, H obj) {
    H font = f->text_font(obj);
    return font && f->font_embedded(font);
}

/* pdf_visible.object_states' state(obj, index). */
static void object_state(const bl_fns *f, const bl_page *p, H tp, H obj, int index,
                         clip_memo *memo, state *s) {
    s->metric = p->measured && (is_turned(p, (uintptr_t)obj) ||
                                (!p->embedded && !font_embedded(f, obj)));
    s->clipped = 0;
    H clip = f->clip_path(obj);
    if (clip) {
        int n = f->clip_count(clip);
        if (n > 0) {
            H k0 = f->clip_segment(clip, 0, 0), k1 = n == 2 ? f->clip_segment(clip, 1, 0) : 0;
            if (n <= 2 && memo->n == n && memo->k0 == k0 && memo->k1 == k1) {
                s->clipped = memo->clipped;
                memcpy(s->clip, memo->box, sizeof s->clip);
            } else {
                double b[4];
                s->clipped = clip_box(f, clip, n, b);
                if (s->clipped) for (int k = 0; k < 4; k++) s->clip[k] = 2 * b[k];
                if (n <= 2) {
                    memo->n = n; memo->k0 = k0; memo->k1 = k1; memo->clipped = s->clipped;
                    memcpy(memo->box, s->clip, sizeof memo->box);
                }
            }
        }
    }
    s->pale = 0;
    unsigned r, g, b, a;
    if (f->fill_color(obj, &r, &g, &b, &a) && (a == 0 || (r >= 250 && g >= 250 && b >= 250))) {
        int mode = f->render_mode(obj);
        s->pale = mode == 0 || mode == 2 || mode == 4 || mode == 6;
    }
    s->size = f->font_size(tp, index);
}

/* The state of a text object, from an open-addressing table of 2^bits slots (never full: it
 * holds at most one entry per char and has at least twice as many slots). */
static state *lookup(state *table, unsigned bits, uintptr_t obj, int *fresh) {
    size_t mask = ((size_t)1 << bits) - 1, h = (size_t)((obj >> 4) * 0x9E3779B97F4A7C15ull) & mask;
    while (table[h].obj && table[h].obj != obj) h = (h + 1) & mask;
    *fresh = !table[h].obj;
    table[h].obj = obj;
    return &table[h];
}

/* The loop. ``text``: the page's n chars as code points (pdf_objects.read_chars' text).
 * Returns the number of records written, -1 when cap is too small, -2 when out of memory. */
int bl_read_chars(const bl_fns *f, H tp, const uint32_t *text, int n, const bl_page *p,
                  bl_out *o, int cap) {
    unsigned bits = 4;
    while (((size_t)1 << bits) < 2 * (size_t)(n > 0 ? n : 1)) bits++;
    state *table = calloc((size_t)1 << bits, sizeof *table);
    if (!table) return -2;
    state none = {0, 0, 0, 0, {0, 0, 0, 0}, 0.0};
    clip_memo memo = {0, 0, 0, 0, {0, 0, 0, 0}};
    int k = 0;
    for (int i = 0; i < n; i++) {
        uint32_t ch = text[i];
        if (ch == '\r' || ch == '\n' || ch == 0 || ch == 0xFFFE || ch == 2) continue;
        int space = ch == ' ' || ch == 0x3000 || ch == 0xA0;
        if (space && f->generated(tp, i)) continue;
        H obj = f->text_object(tp, i);
        state *s = &none;
        if (obj) {
            int fresh;
            s = lookup(table, bits, (uintptr_t)obj, &fresh);
            if (fresh) object_state(f, p, tp, obj, i, &memo, s);
        }
        if (k >= cap) { free(table); return -1; }
        double size = s->size, l, t, r, b;
        uint8_t flags = s->pale && !space ? bl_PALE : 0;
        if (s->metric) {
            flags |= bl_DEFER;
        } else {
            rectf box;
            if (!f->loose_box(tp, i, &box)) continue;
            l = box.left; t = box.top; r = box.right; b = box.bottom;
            double height = p->sideways ? r - l : t - b;
            if (!(0.3 * height <= size && size <= 2.5 * height)) {
                if (height < 0.01 && p->measured && obj) flags |= bl_DEFER;
                else size = height / 1.15;
            } else if (ch < 0x80 && (p->sideways ? t - b : r - l) > 0.7 * size) {
                double tl, tr, tb, tt;
                if (f->char_box(tp, i, &tl, &tr, &tb, &tt)) {
                    if (!p->sideways) { if (tr > tl) { l = tl; r = tr; } }
                    else if (tt > tb) { b = tb; t = tt; }
                }
            }
        }
        if (flags & bl_DEFER) {  /* Python measures it: hand over the object's state */
            o->index[k] = i; o->obj[k] = (uintptr_t)obj; o->space[k] = (uint8_t)space;
            if (s->clipped) {
                flags |= bl_CLIP;
                o->x0[k] = s->clip[0]; o->top[k] = s->clip[1];
                o->x1[k] = s->clip[2]; o->bottom[k] = s->clip[3];
            }
            o->flags[k++] = flags;
            continue;
        }
        if (s->clipped && !(s->clip[0] <= l + r && l + r <= s->clip[2] &&
                            s->clip[1] <= b + t && b + t <= s->clip[3]))
            continue;
        if (p->shift) {
            double x0 = l - p->sl, top = p->st - t, x1 = r - p->sl, bottom = p->st - b;
            if (!(0 <= x0 + x1 && x0 + x1 <= p->pw2 && 0 <= top + bottom && top + bottom <= p->ph2))
                continue;
            o->x0[k] = x0; o->top[k] = top; o->x1[k] = x1; o->bottom[k] = bottom;
        } else {
            flags |= bl_RAW;
            o->x0[k] = l; o->top[k] = b; o->x1[k] = r; o->bottom[k] = t;
        }
        if (flags & bl_PALE) { o->cx[k] = (l + r) / 2; o->cy[k] = (b + t) / 2; }
        o->index[k] = i; o->size[k] = size; o->space[k] = (uint8_t)space; o->obj[k] = 0;
        o->flags[k++] = flags;
    }
    free(table);
    return k;
}
