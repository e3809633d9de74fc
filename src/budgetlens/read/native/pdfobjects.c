/* The object walk of budgetlens.read.pdf_paths.read_objects, in C.
 *
 * Why: the walk asks PDFium three things of every page object (the object, its type, a text
 * object's font) and up to a dozen of every path (draw mode, colour, segment count, points or
 * bounds): about 3 M ctypes calls per corpus pass (docs/benchmark.md, session 12). Here they are
 * direct calls through PDFium's function pointers (handed over by budgetlens.read.pdf_native, as
 * for pdfchars.c). The walk's decisions that need Python's objects stay in Python: each path
 * comes back as the box it spans in PDF space (Python converts it with the page's frame and makes
 * the edge dicts) or as "composite" (more than five segments: Python reads its segments); each
 * text object whose font PDFium cannot measure comes back for Python's pdf_paths._PathReader.text.
 * Records keep the walk's order (page objects, then forms last-found first), so the edges come
 * out in the Python walk's order.
 *
 * Same arithmetic as the Python walk (doubles, the same operations in the same order; built with
 * -ffp-contract=off). Every write is bounded by the capacities passed: when the page holds more,
 * the call answers -1 and the caller grows its buffers and asks again (the walk changes nothing).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void *H;

typedef struct {
    int (*page_count)(H page);
    H (*page_object)(H page, int i);
    int (*form_count)(H form);
    H (*form_object)(H form, unsigned long i);
    int (*object_type)(H obj);
    H (*text_font)(H obj);
    int (*font_embedded)(H font);
    size_t (*font_name)(H font, char *buf, size_t len);
    int (*get_matrix)(H obj, float *m6);
    int (*draw_mode)(H obj, int *fill, int *stroke);
    int (*fill_color)(H obj, unsigned *r, unsigned *g, unsigned *b, unsigned *a);
    int (*count_segments)(H obj);
    H (*path_segment)(H obj, int i);
    int (*segment_point)(H seg, float *x, float *y);
    int (*object_bounds)(H obj, float *l, float *b, float *r, float *t);
} bl_ofns;

enum { OB_TEXT = 1, OB_PATH = 2, OB_IMAGE = 3, OB_FORM = 5 };
enum { REC_BOX = 1, REC_COMPOSITE = 2, REC_TEXT = 3 };

typedef struct {
    int fonts;              /* look at text objects' fonts (Python: turned is not None) */
    const char *latin;      /* NUL-separated prefixes of pdf_paths.LATIN_FONTS, ending in "" */
    int cap, mcap;          /* capacity of the records and of the matrices */
    uint8_t *kind;
    uintptr_t *obj;
    int32_t *matrix;        /* index into matrices; 0 is the page (IDENTITY) */
    int32_t *nseg;
    double *box;            /* 4 per record: l, b, r, t in PDF space */
    double *matrices;       /* 6 per holder */
    int count, nmatrices, images, paths, embedded;
} bl_walk;

typedef struct { uintptr_t font; int ok; } font_slot;
typedef struct { font_slot *slot; size_t size, used; } font_set;

static double dmin(double a, double b) { return b < a ? b : a; }
static double dmax(double a, double b) { return b > a ? b : a; }

/* pdf_paths._compose(inner, outer) */
static void compose(const double *i, const double *o, double *out) {
    double r[6] = {i[0] * o[0] + i[1] * o[2], i[0] * o[1] + i[1] * o[3],
                   i[2] * o[0] + i[3] * o[2], i[2] * o[1] + i[3] * o[3],
                   i[4] * o[0] + i[5] * o[2] + o[4], i[4] * o[1] + i[5] * o[3] + o[5]};
    memcpy(out, r, sizeof r);
}

/* pdf_paths._matrix_of */
static void matrix_of(const bl_ofns *f, H obj, double *m) {
    float v[6];
    static const double identity[6] = {1, 0, 0, 1, 0, 0};
    if (!f->get_matrix(obj, v)) { memcpy(m, identity, sizeof identity); return; }
    for (int k = 0; k < 6; k++) m[k] = v[k];
}

/* pdf_paths._PathReader.measurable_font */
static int measurable_font(const bl_ofns *f, const char *latin, H font) {
    if (!font || f->font_embedded(font)) return 1;
    char name[129];
    memset(name, 0, sizeof name);
    f->font_name(font, name, 128);
    const char *s = name;
    while (*s == '@') s++;
    for (const char *p = latin; *p; p += strlen(p) + 1)
        if (strncmp(s, p, strlen(p)) == 0) return 1;
    return 0;
}

/* The font's answer, asked once per font of the page; -1: out of memory. */
static int font_ok(const bl_ofns *f, bl_walk *w, font_set *fs, H font) {
    if (2 * (fs->used + 1) > fs->size) {
        size_t size = fs->size ? 2 * fs->size : 64;
        font_slot *slot = calloc(size, sizeof *slot);
        if (!slot) return -1;
        for (size_t k = 0; k < fs->size; k++) {
            if (!fs->slot[k].font) continue;
            size_t h = (size_t)((fs->slot[k].font >> 4) * 0x9E3779B97F4A7C15ull) & (size - 1);
            while (slot[h].font) h = (h + 1) & (size - 1);
            slot[h] = fs->slot[k];
        }
        free(fs->slot);
        fs->slot = slot; fs->size = size;
    }
    uintptr_t key = font ? (uintptr_t)font : 1;  /* NULL font: its own key (never an address) */
    size_t h = (size_t)((key >> 4) * 0x9E3779B97F4A7C15ull) & (fs->size - 1);
    while (fs->slot[h].font && fs->slot[h].font != key) h = (h + 1) & (fs->size - 1);
    if (!fs->slot[h].font) {
        fs->slot[h].font = key;
        fs->slot[h].ok = measurable_font(f, w->latin, font);
        fs->used++;
        if (!font || !f->font_embedded(font)) w->embedded = 0;
    }
    return fs->slot[h].ok;
}

/* pdf_paths._PathReader.edges up to the box: 0 no edges, REC_BOX with box, REC_COMPOSITE. */
static int path_box(const bl_ofns *f, H obj, const double *m, int identity, int modes[2],
                    int *nseg_out, double box[4]) {
    f->draw_mode(obj, &modes[0], &modes[1]);  /* answer ignored: the Python walk's reuse */
    if (!modes[0] && !modes[1]) return 0;
    if (!modes[1]) {
        unsigned r, g, b, a;
        if (f->fill_color(obj, &r, &g, &b, &a) && (a == 0 || (r >= 250 && g >= 250 && b >= 250)))
            return 0;
    }
    int nseg = f->count_segments(obj);
    *nseg_out = nseg;
    if (nseg > 5) return REC_COMPOSITE;
    if (modes[1]) {  /* geometry_box: the points, mapped */
        double own[6], t[6];
        matrix_of(f, obj, own);
        compose(own, m, t);
        int any = 0;
        for (int si = 0; si < nseg; si++) {
            H seg = f->path_segment(obj, si);
            float x, y;
            if (!seg || !f->segment_point(seg, &x, &y)) continue;
            double px = t[0] * x + t[2] * y + t[4], py = t[1] * x + t[3] * y + t[5];
            if (!any) { box[0] = box[2] = px; box[1] = box[3] = py; any = 1; continue; }
            box[0] = dmin(box[0], px); box[1] = dmin(box[1], py);
            box[2] = dmax(box[2], px); box[3] = dmax(box[3], py);
        }
        return any ? REC_BOX : 0;
    }
    float l, b, r, t;
    if (!f->object_bounds(obj, &l, &b, &r, &t)) return 0;
    if (identity) { box[0] = l; box[1] = b; box[2] = r; box[3] = t; return REC_BOX; }
    double cx[4] = {l, l, r, r}, cy[4] = {b, t, b, t};  /* _apply_box's corner order */
    for (int k = 0; k < 4; k++) {
        double px = m[0] * cx[k] + m[2] * cy[k] + m[4], py = m[1] * cx[k] + m[3] * cy[k] + m[5];
        if (!k) { box[0] = box[2] = px; box[1] = box[3] = py; continue; }
        box[0] = dmin(box[0], px); box[1] = dmin(box[1], py);
        box[2] = dmax(box[2], px); box[3] = dmax(box[3], py);
    }
    return REC_BOX;
}

static int record(bl_walk *w, int kind, H obj, int mi, int nseg, const double *box) {
    if (w->count >= w->cap) return -1;
    int k = w->count++;
    w->kind[k] = (uint8_t)kind; w->obj[k] = (uintptr_t)obj; w->matrix[k] = mi; w->nseg[k] = nseg;
    if (box) memcpy(w->box + 4 * k, box, 4 * sizeof *box);
    return 0;
}

/* One holder's objects (pdf_paths.read_objects' inner loop); forms are pushed on ``stack``. */
static int walk_holder(const bl_ofns *f, bl_walk *w, font_set *fs, H holder, int mi,
                       int *stack, int *depth, H *forms, int modes[2]) {
    int n = mi ? f->form_count(holder) : f->page_count(holder);
    const double *m = w->matrices + 6 * mi;
    for (int k = 0; k < n; k++) {
        H obj = mi ? f->form_object(holder, (unsigned long)k) : f->page_object(holder, k);
        int t = f->object_type(obj);
        if (t == OB_TEXT) {
            if (!w->fonts) continue;
            int ok = font_ok(f, w, fs, f->text_font(obj));
            if (ok < 0) return -2;
            if (!ok && record(w, REC_TEXT, obj, mi, 0, NULL)) return -1;
        } else if (t == OB_PATH) {
            double box[4];
            int nseg = 0;
            w->paths++;
            int kind = path_box(f, obj, m, mi == 0, modes, &nseg, box);
            if (kind && record(w, kind, obj, mi, nseg, kind == REC_BOX ? box : NULL)) return -1;
        } else if (t == OB_IMAGE) {
            w->images++;
        } else if (t == OB_FORM) {
            if (w->nmatrices >= w->mcap) return -1;
            double own[6];
            matrix_of(f, obj, own);
            compose(own, m, w->matrices + 6 * w->nmatrices);
            m = w->matrices + 6 * mi;
            forms[w->nmatrices] = obj;
            stack[(*depth)++] = w->nmatrices++;
        }
    }
    return 0;
}

/* The walk. Returns the number of records, -1 when a capacity is too small, -2 without memory. */
int bl_read_objects(const bl_ofns *f, H page, bl_walk *w) {
    static const double identity[6] = {1, 0, 0, 1, 0, 0};
    w->count = w->images = w->paths = 0;
    w->embedded = w->fonts ? 1 : 0;
    if (w->mcap < 1) return -1;
    memcpy(w->matrices, identity, sizeof identity);
    w->nmatrices = 1;
    int *stack = malloc(sizeof *stack * (size_t)w->mcap);
    H *forms = malloc(sizeof *forms * (size_t)w->mcap);
    font_set fs = {NULL, 0, 0};
    int modes[2] = {0, 0}, depth = 0, rc = 0;
    if (!stack || !forms) rc = -2;
    else rc = walk_holder(f, w, &fs, page, 0, stack, &depth, forms, modes);
    while (rc == 0 && depth > 0) {
        int mi = stack[--depth];
        rc = walk_holder(f, w, &fs, forms[mi], mi, stack, &depth, forms, modes);
    }
    free(stack); free(forms); free(fs.slot);
    return rc ? rc : w->count;
}
