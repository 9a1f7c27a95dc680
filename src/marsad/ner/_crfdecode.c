/* CRF decoding for marsad.ner.scorer: Viterbi paths and entity marginals of the sentences of a document.
 *
 * Why C: a document has ~300 tokens in ~15 sentences and the tagger has ~9 labels, so each decoding step
 * is a few dozen additions; numpy spent ~20 µs of call overhead per step for ~0.1 µs of arithmetic.
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

static PyMethodDef methods[] = {
    {"viterbi", (PyCFunction)(void (*)(void))viterbi, METH_FASTCALL,
     "viterbi(scores, transitions, lengths) -> bytes: best label per token"},
    {"entity_probability", (PyCFunction)(void (*)(void))entity_probability, METH_FASTCALL,
     "entity_probability(scores, transitions, lengths, outside) -> bytes of float64: 1 - P(outside)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_crfdecode", "CRF decoding (marsad.ner.scorer).", -1,
                                    methods};

PyMODINIT_FUNC PyInit__crfdecode(void) { return PyModule_Create(&module); }
