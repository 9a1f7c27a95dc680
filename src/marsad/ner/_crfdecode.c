/* CRF scoring and decoding for marsad.ner.scorer: the state scores of a document's tokens from per-form
 * rows, then Viterbi paths and entity marginals of its sentences.
 *
 * Why C: a document has ~300 tokens in ~15 sentences and the tagger has ~9 labels, so each decoding step
 * is a few dozen additions; numpy spent ~20 µs of call overhead per step for ~0.1 µs of arithmetic (and
 * ~40 calls per document assembling the state scores).
 *
 * Viterbi uses the same arithmetic as CRFsuite and as the numpy decoder it replaces (best score of the
 * previous label + transition, the first maximum wins ties, then + the state score), so paths are
 * identical. Forward-backward rescales every step; marginals do not depend on the scale (equal to the
 * numpy/BLAS results to ~1e-15).
 *
 * Arrays arrive as buffers (no numpy headers needed to build): C-contiguous float64.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_buffer scores, transitions, lengths;
    Py_ssize_t n_tokens, n_labels, n_sentences;
} Inputs;

static void release(Inputs *in) {
    PyBuffer_Release(&in->scores);
    PyBuffer_Release(&in->transitions);
    PyBuffer_Release(&in->lengths);
}

/* scores [tokens x labels] float64, transitions [labels x labels] float64 (from x to), lengths int64 per
 * sentence (each >= 1, summing to tokens). Returns 0, or -1 with an exception set. */
static int parse(PyObject *const *args, Py_ssize_t nargs, Inputs *in) {
    memset(in, 0, sizeof *in);
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "expected (scores, transitions, lengths)");
        return -1;
    }
    const int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT;
    if (PyObject_GetBuffer(args[0], &in->scores, flags) < 0) return -1;
    if (PyObject_GetBuffer(args[1], &in->transitions, flags) < 0) goto fail;
    if (PyObject_GetBuffer(args[2], &in->lengths, flags) < 0) goto fail;
    if (strcmp(in->scores.format, "d") != 0 || strcmp(in->transitions.format, "d") != 0
        || in->scores.ndim != 2 || in->transitions.ndim != 2) {
        PyErr_SetString(PyExc_TypeError, "scores and transitions must be 2-d float64 arrays");
        goto fail;
    }
    if (in->lengths.ndim != 1 || in->lengths.itemsize != 8
        || (strcmp(in->lengths.format, "q") != 0 && strcmp(in->lengths.format, "l") != 0)) {
        PyErr_SetString(PyExc_TypeError, "lengths must be a 1-d int64 array");
        goto fail;
    }
    in->n_tokens = in->scores.shape[0];
    in->n_labels = in->scores.shape[1];
    in->n_sentences = in->lengths.shape[0];
    if (in->transitions.shape[0] != in->n_labels || in->transitions.shape[1] != in->n_labels
        || in->n_labels < 1) {
        PyErr_SetString(PyExc_ValueError, "transitions must be [labels x labels]");
        goto fail;
    }
    const long long *lengths = in->lengths.buf;
    Py_ssize_t total = 0;
    for (Py_ssize_t s = 0; s < in->n_sentences; s++) {
        if (lengths[s] < 1) {
            PyErr_SetString(PyExc_ValueError, "sentences must not be empty");
            goto fail;
        }
        total += (Py_ssize_t)lengths[s];
    }
    if (total != in->n_tokens) {
        PyErr_SetString(PyExc_ValueError, "lengths must add up to the rows of scores");
        goto fail;
    }
    return 0;
fail:
    release(in);
    return -1;
}

/* viterbi(scores, transitions, lengths) -> bytes: the best label of every token (one byte each; labels
 * < 256), sentence after sentence. */
static PyObject *viterbi(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Inputs in;
    if (parse(args, nargs, &in) < 0) return NULL;
    const Py_ssize_t L = in.n_labels;
    if (L > 255) {
        release(&in);
        PyErr_SetString(PyExc_ValueError, "at most 255 labels");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, in.n_tokens);
    if (out == NULL) {
        release(&in);
        return NULL;
    }
    unsigned char *path = (unsigned char *)PyBytes_AS_STRING(out);
    const double *scores = in.scores.buf, *trans = in.transitions.buf;
    const long long *lengths = in.lengths.buf;
    Py_ssize_t longest = 0;
    for (Py_ssize_t s = 0; s < in.n_sentences; s++)
        if (lengths[s] > longest) longest = (Py_ssize_t)lengths[s];
    double *best = malloc(sizeof(double) * (size_t)(2 * L));
    unsigned char *back = malloc((size_t)(longest * L) + 1);
    if (best == NULL || back == NULL) {
        free(best);
        free(back);
        Py_DECREF(out);
        release(&in);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t first = 0;
    for (Py_ssize_t s = 0; s < in.n_sentences; s++) {
        const Py_ssize_t n = (Py_ssize_t)lengths[s];
        const double *x = scores + first * L;
        double *prev = best, *cur = best + L;
        for (Py_ssize_t i = 0; i < L; i++) prev[i] = x[i];
        for (Py_ssize_t t = 1; t < n; t++) {
            unsigned char *bt = back + t * L;
            for (Py_ssize_t i = 0; i < L; i++) {
                double top = prev[0] + trans[i];
                Py_ssize_t arg = 0;
                for (Py_ssize_t j = 1; j < L; j++) {
                    const double c = prev[j] + trans[j * L + i];
                    if (c > top) { /* strictly: the first maximum wins */
                        top = c;
                        arg = j;
                    }
                }
                bt[i] = (unsigned char)arg;
                cur[i] = top + x[t * L + i];
            }
            double *swap = prev;
            prev = cur;
            cur = swap;
        }
        Py_ssize_t k = 0;
        for (Py_ssize_t i = 1; i < L; i++)
            if (prev[i] > prev[k]) k = i;
        for (Py_ssize_t t = n - 1; t >= 0; t--) {
            path[first + t] = (unsigned char)k;
            if (t > 0) k = back[t * L + k];
        }
        first += n;
    }
    Py_END_ALLOW_THREADS
    free(best);
    free(back);
    release(&in);
    return out;
}

/* entity_probability(scores, transitions, lengths, outside) -> bytes: 1 - P(label `outside`) of every
 * token as float64, sentence after sentence (forward-backward). */
static PyObject *entity_probability(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "expected (scores, transitions, lengths, outside)");
        return NULL;
    }
    const Py_ssize_t outside = PyLong_AsSsize_t(args[3]);
    if (outside == -1 && PyErr_Occurred()) return NULL;
    Inputs in;
    if (parse(args, 3, &in) < 0) return NULL;
    const Py_ssize_t L = in.n_labels;
    if (outside < 0 || outside >= L) {
        release(&in);
        PyErr_SetString(PyExc_ValueError, "outside label out of range");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, in.n_tokens * (Py_ssize_t)sizeof(double));
    if (out == NULL) {
        release(&in);
        return NULL;
    }
    double *prob = (double *)PyBytes_AS_STRING(out);
    const double *scores = in.scores.buf, *trans = in.transitions.buf;
    const long long *lengths = in.lengths.buf;
    Py_ssize_t longest = 0;
    for (Py_ssize_t s = 0; s < in.n_sentences; s++)
        if (lengths[s] > longest) longest = (Py_ssize_t)lengths[s];
    /* exp(transition - max): factors <= 1 (the scale cancels in the marginals). */
    double *factor = malloc(sizeof(double) * (size_t)(L * L));
    double *emit = malloc(sizeof(double) * (size_t)(longest * L));
    double *alpha = malloc(sizeof(double) * (size_t)(longest * L));
    double *beta = malloc(sizeof(double) * (size_t)(longest * L));
    double *tmp = malloc(sizeof(double) * (size_t)L);
    if (!factor || !emit || !alpha || !beta || !tmp) {
        free(factor); free(emit); free(alpha); free(beta); free(tmp);
        Py_DECREF(out);
        release(&in);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    double top = trans[0];
    for (Py_ssize_t i = 1; i < L * L; i++)
        if (trans[i] > top) top = trans[i];
    for (Py_ssize_t i = 0; i < L * L; i++) factor[i] = exp(trans[i] - top);
    Py_ssize_t first = 0;
    for (Py_ssize_t s = 0; s < in.n_sentences; s++) {
        const Py_ssize_t n = (Py_ssize_t)lengths[s];
        const double *x = scores + first * L;
        for (Py_ssize_t t = 0; t < n; t++) { /* each token's scores shifted to a maximum of 0 */
            double m = x[t * L];
            for (Py_ssize_t i = 1; i < L; i++)
                if (x[t * L + i] > m) m = x[t * L + i];
            for (Py_ssize_t i = 0; i < L; i++) emit[t * L + i] = exp(x[t * L + i] - m);
        }
        /* Every row of alpha and beta is rescaled to a maximum of 1: no under- or overflow at any length. */
        for (Py_ssize_t i = 0; i < L; i++) alpha[i] = emit[i];
        for (Py_ssize_t t = 1; t < n; t++) {
            const double *a = alpha + (t - 1) * L;
            double *next = alpha + t * L, m = 0.0;
            for (Py_ssize_t i = 0; i < L; i++) {
                double sum = 0.0;
                for (Py_ssize_t j = 0; j < L; j++) sum += a[j] * factor[j * L + i];
                next[i] = sum * emit[t * L + i];
                if (next[i] > m) m = next[i];
            }
            if (m > 0.0)
                for (Py_ssize_t i = 0; i < L; i++) next[i] /= m;
        }
        for (Py_ssize_t i = 0; i < L; i++) beta[(n - 1) * L + i] = 1.0;
        for (Py_ssize_t t = n - 2; t >= 0; t--) {
            const double *b = beta + (t + 1) * L, *e = emit + (t + 1) * L;
            double *here = beta + t * L, m = 0.0;
            for (Py_ssize_t j = 0; j < L; j++) tmp[j] = b[j] * e[j];
            for (Py_ssize_t i = 0; i < L; i++) {
                double sum = 0.0;
                for (Py_ssize_t j = 0; j < L; j++) sum += factor[i * L + j] * tmp[j];
                here[i] = sum;
                if (sum > m) m = sum;
            }
            if (m > 0.0)
                for (Py_ssize_t i = 0; i < L; i++) here[i] /= m;
        }
        for (Py_ssize_t t = 0; t < n; t++) {
            double total = 0.0, o = 0.0;
            for (Py_ssize_t i = 0; i < L; i++) {
                const double joint = alpha[t * L + i] * beta[t * L + i];
                total += joint;
                if (i == outside) o = joint;
            }
            prob[first + t] = total > 0.0 ? 1.0 - o / total : 0.0;
        }
        first += n;
    }
    Py_END_ALLOW_THREADS
    free(factor); free(emit); free(alpha); free(beta); free(tmp);
    release(&in);
    return out;
}

/* A C-contiguous buffer of `format` ("d": float64, "q": int64) with `ndim` dimensions, or -1 with an
 * exception naming the argument. */
static int take(PyObject *obj, Py_buffer *view, char format, int ndim, const char *name) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    const char *f = view->format;
    const int ok_format = format == 'd' ? strcmp(f, "d") == 0
                                        : view->itemsize == 8 && (strcmp(f, "q") == 0 || strcmp(f, "l") == 0);
    if (!ok_format || view->ndim != ndim) {
        PyErr_Format(PyExc_TypeError, "%s must be a %d-d %s array", name, ndim, format == 'd' ? "float64" : "int64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

enum { SS_TABLE, SS_IDS, SS_LENGTHS, SS_NEIGHBOURS, SS_EDGES, SS_CODES, SS_MINUS_KEYS, SS_MINUS_ROWS, SS_PLUS_KEYS,
       SS_PLUS_ROWS, SS_WEIGHTS, SS_LATE_AT, SS_LATE_ROWS, SS_N };

/* Index of `key` in the sorted `keys`, or -1. */
static Py_ssize_t find_key(const long long *keys, Py_ssize_t n, long long key) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        const Py_ssize_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && keys[lo] == key ? lo : -1;
}

/* state_scores(table, ids, lengths, neighbours, edges, codes, minus_keys, minus_rows, plus_keys, plus_rows,
 *              weights, late_at, late_rows) -> bytes of float64 [tokens x labels]
 *
 * Per token, in this order (floats are added in the order marsad.ner.features lists the features):
 * its own row of the per-form table (slot 0); what each neighbour at distance neighbours[k] lends it
 * (slot k + 1 of that neighbour's row, or edges[k] past its sentence's ends); the "bi-" bigram of the token
 * before and itself, the "bi+" bigram of itself and the token after (codes columns 0-1 and 2-3: the halves'
 * codes, -1 for none; keys sorted, first << 32 | second); then the (late_at, late_rows) weights in order. */
static PyObject *state_scores(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    static const char *const names[SS_N] = {"table", "ids", "lengths", "neighbours", "edges", "codes", "minus_keys",
                                            "minus_rows", "plus_keys", "plus_rows", "weights", "late_at", "late_rows"};
    static const char formats[SS_N] = {'d', 'q', 'q', 'q', 'd', 'q', 'q', 'q', 'q', 'q', 'd', 'q', 'q'};
    static const int dims[SS_N] = {3, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1, 1};
    if (nargs != SS_N) {
        PyErr_Format(PyExc_TypeError, "state_scores takes %d arguments", SS_N);
        return NULL;
    }
    Py_buffer b[SS_N];
    int taken = 0;
    PyObject *out = NULL;
    for (; taken < SS_N; taken++)
        if (take(args[taken], &b[taken], formats[taken], dims[taken], names[taken]) < 0) goto done;
    const Py_ssize_t capacity = b[SS_TABLE].shape[0], slots = b[SS_TABLE].shape[1], L = b[SS_TABLE].shape[2];
    const Py_ssize_t n = b[SS_IDS].shape[0], n_sentences = b[SS_LENGTHS].shape[0], n_rows = b[SS_WEIGHTS].shape[0];
    const Py_ssize_t n_minus = b[SS_MINUS_KEYS].shape[0], n_plus = b[SS_PLUS_KEYS].shape[0];
    const Py_ssize_t n_late = b[SS_LATE_AT].shape[0];
    const long long *ids = b[SS_IDS].buf, *lengths = b[SS_LENGTHS].buf, *neighbours = b[SS_NEIGHBOURS].buf;
    const long long *codes = b[SS_CODES].buf, *late_at = b[SS_LATE_AT].buf, *late_rows = b[SS_LATE_ROWS].buf;
    const long long *minus_keys = b[SS_MINUS_KEYS].buf, *minus_rows = b[SS_MINUS_ROWS].buf;
    const long long *plus_keys = b[SS_PLUS_KEYS].buf, *plus_rows = b[SS_PLUS_ROWS].buf;
    const double *table = b[SS_TABLE].buf, *edges = b[SS_EDGES].buf, *weights = b[SS_WEIGHTS].buf;
    if (b[SS_NEIGHBOURS].shape[0] != slots - 1 || b[SS_EDGES].shape[0] != slots - 1 || b[SS_EDGES].shape[1] != L
        || b[SS_WEIGHTS].shape[1] != L || b[SS_CODES].shape[0] != capacity || b[SS_CODES].shape[1] != 5
        || b[SS_MINUS_ROWS].shape[0] != n_minus || b[SS_PLUS_ROWS].shape[0] != n_plus
        || b[SS_LATE_ROWS].shape[0] != n_late) {
        PyErr_SetString(PyExc_ValueError, "state_scores: array shapes do not agree");
        goto done;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t s = 0; s < n_sentences; s++) {
        if (lengths[s] < 1) {
            PyErr_SetString(PyExc_ValueError, "sentences must not be empty");
            goto done;
        }
        total += (Py_ssize_t)lengths[s];
    }
    if (total != n) {
        PyErr_SetString(PyExc_ValueError, "lengths must add up to the tokens");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= capacity) {
            PyErr_SetString(PyExc_IndexError, "a token id is outside the table");
            goto done;
        }
    for (Py_ssize_t k = 0; k < n_minus; k++)
        if (minus_rows[k] < 0 || minus_rows[k] >= n_rows) goto bad_row;
    for (Py_ssize_t k = 0; k < n_plus; k++)
        if (plus_rows[k] < 0 || plus_rows[k] >= n_rows) goto bad_row;
    for (Py_ssize_t k = 0; k < n_late; k++)
        if (late_rows[k] < 0 || late_rows[k] >= n_rows || late_at[k] < 0 || late_at[k] >= n) goto bad_row;
    out = PyBytes_FromStringAndSize(NULL, n * L * (Py_ssize_t)sizeof(double));
    if (out == NULL) goto done;
    double *scores = (double *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t first = 0;
    for (Py_ssize_t s = 0; s < n_sentences; s++) {
        const Py_ssize_t len = (Py_ssize_t)lengths[s];
        for (Py_ssize_t p = 0; p < len; p++) {
            const Py_ssize_t i = first + p;
            double *acc = scores + i * L;
            const double *own = table + (ids[i] * slots) * L;
            for (Py_ssize_t l = 0; l < L; l++) acc[l] = own[l];
            for (Py_ssize_t k = 0; k < slots - 1; k++) {
                const Py_ssize_t q = p + (Py_ssize_t)neighbours[k];
                const double *lent = q >= 0 && q < len ? table + (ids[first + q] * slots + k + 1) * L : edges + k * L;
                for (Py_ssize_t l = 0; l < L; l++) acc[l] += lent[l];
            }
            if (p > 0 && n_minus) { /* "bi-": the previous token's first half, this token's second */
                const long long head = codes[ids[i - 1] * 5 + 0], tail = codes[ids[i] * 5 + 1];
                if (head >= 0 && tail >= 0) {
                    const Py_ssize_t at = find_key(minus_keys, n_minus, (head << 32) | tail);
                    if (at >= 0)
                        for (Py_ssize_t l = 0; l < L; l++) acc[l] += weights[minus_rows[at] * L + l];
                }
            }
            if (p + 1 < len && n_plus) { /* "bi+": this token's first half, the next token's second */
                const long long head = codes[ids[i] * 5 + 2], tail = codes[ids[i + 1] * 5 + 3];
                if (head >= 0 && tail >= 0) {
                    const Py_ssize_t at = find_key(plus_keys, n_plus, (head << 32) | tail);
                    if (at >= 0)
                        for (Py_ssize_t l = 0; l < L; l++) acc[l] += weights[plus_rows[at] * L + l];
                }
            }
        }
        first += len;
    }
    for (Py_ssize_t k = 0; k < n_late; k++)
        for (Py_ssize_t l = 0; l < L; l++) scores[late_at[k] * L + l] += weights[late_rows[k] * L + l];
    Py_END_ALLOW_THREADS
    goto done;
bad_row:
    PyErr_SetString(PyExc_IndexError, "a weight row or token index is out of range");
done:
    for (int k = 0; k < taken; k++) PyBuffer_Release(&b[k]);
    return out;
}

/* row_sums(weights, rows, offsets) -> bytes of float64 [lists x labels]
 *
 * For each list k (rows[offsets[k]:offsets[k + 1]]): the sum of those rows of `weights`, added one after the
 * other from 0.0 (the order np.add.at and the scorer's padded numpy sums used: the same floats). */
static PyObject *row_sums(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "row_sums takes 3 arguments");
        return NULL;
    }
    Py_buffer w, r, o;
    PyObject *out = NULL;
    if (take(args[0], &w, 'd', 2, "weights") < 0) return NULL;
    if (take(args[1], &r, 'q', 1, "rows") < 0) {
        PyBuffer_Release(&w);
        return NULL;
    }
    if (take(args[2], &o, 'q', 1, "offsets") < 0) {
        PyBuffer_Release(&w);
        PyBuffer_Release(&r);
        return NULL;
    }
    const Py_ssize_t n_rows = w.shape[0], L = w.shape[1], n_flat = r.shape[0], n_lists = o.shape[0] - 1;
    const double *weights = w.buf;
    const long long *rows = r.buf, *offsets = o.buf;
    if (n_lists < 0 || offsets[0] != 0 || offsets[n_lists] != n_flat) {
        PyErr_SetString(PyExc_ValueError, "offsets must run from 0 to the number of rows");
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_lists; k++)
        if (offsets[k + 1] < offsets[k]) {
            PyErr_SetString(PyExc_ValueError, "offsets must not decrease");
            goto done;
        }
    for (Py_ssize_t j = 0; j < n_flat; j++)
        if (rows[j] < 0 || rows[j] >= n_rows) {
            PyErr_SetString(PyExc_IndexError, "a weight row is out of range");
            goto done;
        }
    out = PyBytes_FromStringAndSize(NULL, (n_lists > 0 ? n_lists : 0) * L * (Py_ssize_t)sizeof(double));
    if (out == NULL) goto done;
    double *sums = (double *)PyBytes_AS_STRING(out);
    for (Py_ssize_t k = 0; k < n_lists; k++) {
        double *acc = sums + k * L;
        for (Py_ssize_t l = 0; l < L; l++) acc[l] = 0.0;
        for (Py_ssize_t j = offsets[k]; j < offsets[k + 1]; j++) {
            const double *row = weights + rows[j] * L;
            for (Py_ssize_t l = 0; l < L; l++) acc[l] += row[l];
        }
    }
done:
    PyBuffer_Release(&w);
    PyBuffer_Release(&r);
    PyBuffer_Release(&o);
    return out;
}

static PyMethodDef methods[] = {
    {"viterbi", (PyCFunction)(void (*)(void))viterbi, METH_FASTCALL,
     "viterbi(scores, transitions, lengths) -> bytes: best label per token"},
    {"entity_probability", (PyCFunction)(void (*)(void))entity_probability, METH_FASTCALL,
     "entity_probability(scores, transitions, lengths, outside) -> bytes of float64: 1 - P(outside)"},
    {"state_scores", (PyCFunction)(void (*)(void))state_scores, METH_FASTCALL,
     "state_scores(table, ids, lengths, neighbours, edges, codes, minus_keys, minus_rows, plus_keys, plus_rows, "
     "weights, late_at, late_rows) -> bytes of float64 [tokens x labels]"},
    {"row_sums", (PyCFunction)(void (*)(void))row_sums, METH_FASTCALL,
     "row_sums(weights, rows, offsets) -> bytes of float64 [lists x labels]: each list's rows summed in order"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_crfdecode", "CRF decoding (marsad.ner.scorer).", -1,
                                    methods};

PyMODINIT_FUNC PyInit__crfdecode(void) { return PyModule_Create(&module); }
