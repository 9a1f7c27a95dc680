/* MinHash signatures for marsad.ingest.dedup: word shingles of a normalised body, hashed as datasketch's
 * "affine32" scheme with the first 4 bytes of SHA-1 (little-endian) as the input hash.
 *
 * Why C: an article has a few hundred shingles; in Python each cost a join, an encode, a hashlib call, an
 * int conversion and a set insertion, and datasketch then built a [shingles x 64] numpy array: ~2-3 ms an
 * article for ~0.1 ms of arithmetic.
 *
 * Identical to the Python definition (dedup.shingles + MinHash.update_batch):
 *  - words: str.split() (Py_UNICODE_ISSPACE), kept when one character matches re [^\W_], which for a str
 *    pattern is Py_UNICODE_ISALNUM (sre's word test is ISALNUM || '_', and '_' is excluded);
 *  - shingles: `size` consecutive kept words joined by one space (all of them when there are at most
 *    `size`), UTF-8; a shingle seen twice changes no minimum, so no set is needed;
 *  - h = SHA-1(shingle)[0:4] little-endian; h = fmix32(h); value_k = a_k * h + b_k mod 2^32; minimum per k,
 *    starting at 2^32 - 1 (an empty body keeps every value there, as datasketch does).
 * A body whose normalised text holds a lone surrogate (no UTF-8 form) gets None: the caller takes the
 * Python path, which fails or not exactly as before.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- SHA-1 (FIPS 180-4), one-shot ---- */

static inline uint32_t rol32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

/* The rounds written out (no branch on the round number, a rolling 16-word schedule): ~3x faster at -O2
 * than the textbook loop, and a shingle is one or two blocks. */
#define SHA1_W(t) (w[(t) & 15] = rol32(w[((t) + 13) & 15] ^ w[((t) + 8) & 15] ^ w[((t) + 2) & 15] ^ w[(t) & 15], 1))
#define SHA1_ROUND(a, b, c, d, e, f, k, x)                                                                   \
    do {                                                                                                       \
        e += rol32(a, 5) + (f) + (k) + (x);                                                                    \
        b = rol32(b, 30);                                                                                      \
    } while (0)
#define F1(b, c, d) (d ^ (b & (c ^ d)))
#define F2(b, c, d) (b ^ c ^ d)
#define F3(b, c, d) ((b & c) | (d & (b | c)))
#define R0(a, b, c, d, e, t) SHA1_ROUND(a, b, c, d, e, F1(b, c, d), 0x5A827999u, w[t])
#define R1(a, b, c, d, e, t) SHA1_ROUND(a, b, c, d, e, F1(b, c, d), 0x5A827999u, SHA1_W(t))
#define R2(a, b, c, d, e, t) SHA1_ROUND(a, b, c, d, e, F2(b, c, d), 0x6ED9EBA1u, SHA1_W(t))
#define R3(a, b, c, d, e, t) SHA1_ROUND(a, b, c, d, e, F3(b, c, d), 0x8F1BBCDCu, SHA1_W(t))
#define R4(a, b, c, d, e, t) SHA1_ROUND(a, b, c, d, e, F2(b, c, d), 0xCA62C1D6u, SHA1_W(t))
/* Five rounds rotate the roles of the five working variables back to where they started. */
#define FIVE(R, t)                                                                                             \
    R(a, b, c, d, e, (t));                                                                                     \
    R(e, a, b, c, d, (t) + 1);                                                                                 \
    R(d, e, a, b, c, (t) + 2);                                                                                 \
    R(c, d, e, a, b, (t) + 3);                                                                                 \
    R(b, c, d, e, a, (t) + 4)

static void sha1_block(uint32_t h[5], const unsigned char *p) {
    uint32_t w[16];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8
               | (uint32_t)p[4 * t + 3];
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    FIVE(R0, 0);
    FIVE(R0, 5);
    FIVE(R0, 10);
    R0(a, b, c, d, e, 15);
    R1(e, a, b, c, d, 16);
    R1(d, e, a, b, c, 17);
    R1(c, d, e, a, b, 18);
    R1(b, c, d, e, a, 19);
    FIVE(R2, 20);
    FIVE(R2, 25);
    FIVE(R2, 30);
    FIVE(R2, 35);
    FIVE(R3, 40);
    FIVE(R3, 45);
    FIVE(R3, 50);
    FIVE(R3, 55);
    FIVE(R4, 60);
    FIVE(R4, 65);
    FIVE(R4, 70);
    FIVE(R4, 75);
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

static void sha1(const unsigned char *data, size_t len, uint32_t h[5]) {
    h[0] = 0x67452301u;
    h[1] = 0xEFCDAB89u;
    h[2] = 0x98BADCFEu;
    h[3] = 0x10325476u;
    h[4] = 0xC3D2E1F0u;
    size_t done = 0;
    for (; len - done >= 64; done += 64) sha1_block(h, data + done);
    /* The tail, 0x80, zeros, and the bit length (big-endian) fill one or two more blocks. */
    unsigned char last[128];
    const size_t rest = len - done;
    memcpy(last, data + done, rest);
    last[rest] = 0x80;
    const size_t total = rest + 1 + 8 <= 64 ? 64 : 128;
    memset(last + rest + 1, 0, total - rest - 1);
    const uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) last[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha1_block(h, last);
    if (total == 128) sha1_block(h, last + 64);
}

/* datasketch's hash of a shingle: the digest's first 4 bytes read little-endian, then the MurmurHash3
 * finalizer (datasketch.minhash._fmix, width 32). */
static inline uint32_t shingle_hash(const unsigned char *data, size_t len) {
    uint32_t h[5];
    sha1(data, len, h);
    uint32_t x = (h[0] >> 24) | ((h[0] >> 8) & 0xFF00u) | ((h[0] << 8) & 0xFF0000u) | (h[0] << 24);
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

/* ---- words ---- */

typedef struct {
    Py_ssize_t start, end; /* byte offsets into the UTF-8 text */
} Word;

/* The code point at s[*i] of valid UTF-8 (CPython's own encoding of a str), advancing *i. */
static inline Py_UCS4 next_cp(const unsigned char *s, Py_ssize_t *i) {
    const unsigned char c = s[*i];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c < 0xE0) {
        const Py_UCS4 cp = (Py_UCS4)(c & 0x1F) << 6 | (s[*i + 1] & 0x3F);
        *i += 2;
        return cp;
    }
    if (c < 0xF0) {
        const Py_UCS4 cp = (Py_UCS4)(c & 0x0F) << 12 | (Py_UCS4)(s[*i + 1] & 0x3F) << 6 | (s[*i + 2] & 0x3F);
        *i += 3;
        return cp;
    }
    const Py_UCS4 cp = (Py_UCS4)(c & 0x07) << 18 | (Py_UCS4)(s[*i + 1] & 0x3F) << 12
                       | (Py_UCS4)(s[*i + 2] & 0x3F) << 6 | (s[*i + 3] & 0x3F);
    *i += 4;
    return cp;
}

/* The words of s (str.split()) holding a letter or digit, into words (room for len / 2 + 1); their count. */
static Py_ssize_t kept_words(const unsigned char *s, Py_ssize_t len, Word *words) {
    Py_ssize_t n = 0, i = 0;
    while (i < len) {
        Py_ssize_t start = i;
        Py_UCS4 cp = next_cp(s, &i);
        if (Py_UNICODE_ISSPACE(cp)) continue;
        int alnum = Py_UNICODE_ISALNUM(cp);
        Py_ssize_t end = i;
        while (i < len) {
            cp = next_cp(s, &i);
            if (Py_UNICODE_ISSPACE(cp)) break;
            alnum = alnum || Py_UNICODE_ISALNUM(cp);
            end = i;
        }
        if (alnum) {
            words[n].start = start;
            words[n].end = end;
            n++;
        }
    }
    return n;
}

/* UTF-8 of a str, or NULL: with an exception set (return NULL), or without one when the text has no UTF-8
 * form (lone surrogates; *none = 1). */
static const char *utf8_of(PyObject *text, Py_ssize_t *len, int *none) {
    *none = 0;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    const char *s = PyUnicode_AsUTF8AndSize(text, len);
    if (s == NULL && PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
        PyErr_Clear();
        *none = 1;
    }
    return s;
}

/* ---- module functions ---- */

/* signature(text, size, a, b) -> bytes | None: the num_perm uint32 minimums (native byte order) of the
 * shingles of `size` words of the normalised `text`; a and b: the scheme's permutations, uint32 buffers of
 * one length. None when the text has no UTF-8 form. */
static PyObject *signature(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "expected (text, size, a, b)");
        return NULL;
    }
    Py_ssize_t len;
    int none;
    const char *text = utf8_of(args[0], &len, &none);
    if (text == NULL) {
        if (none) Py_RETURN_NONE;
        return NULL;
    }
    const Py_ssize_t size = PyLong_AsSsize_t(args[1]);
    if (size == -1 && PyErr_Occurred()) return NULL;
    if (size < 1) {
        PyErr_SetString(PyExc_ValueError, "size must be positive");
        return NULL;
    }
    Py_buffer a, b;
    if (PyObject_GetBuffer(args[2], &a, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    if (PyObject_GetBuffer(args[3], &b, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    PyObject *out = NULL;
    Word *words = NULL;
    unsigned char *joined = NULL;
    if (a.itemsize != 4 || b.itemsize != 4 || a.ndim != 1 || b.ndim != 1 || a.len != b.len || a.len == 0
        || (strcmp(a.format, "I") != 0 && strcmp(a.format, "=I") != 0 && strcmp(a.format, "<I") != 0)
        || strcmp(a.format, b.format) != 0) {
        PyErr_SetString(PyExc_TypeError, "a and b must be 1-d uint32 arrays of one length");
        goto done;
    }
    const Py_ssize_t num_perm = a.len / 4;
    out = PyBytes_FromStringAndSize(NULL, a.len);
    words = malloc(sizeof(Word) * (size_t)(len / 2 + 1));
    joined = malloc((size_t)len + 1); /* a shingle is at most the whole text */
    if (out == NULL || words == NULL || joined == NULL) {
        Py_CLEAR(out);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    uint32_t *hv = (uint32_t *)PyBytes_AS_STRING(out);
    const uint32_t *pa = a.buf, *pb = b.buf;
    const unsigned char *s = (const unsigned char *)text;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < num_perm; k++) hv[k] = UINT32_MAX;
    const Py_ssize_t n = kept_words(s, len, words);
    const Py_ssize_t width = n < size ? n : size;
    const Py_ssize_t count = n == 0 ? 0 : n <= size ? 1 : n - size + 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        size_t m = 0;
        for (Py_ssize_t j = i; j < i + width; j++) {
            if (j > i) joined[m++] = ' ';
            const size_t wl = (size_t)(words[j].end - words[j].start);
            memcpy(joined + m, s + words[j].start, wl);
            m += wl;
        }
        const uint32_t h = shingle_hash(joined, m);
        for (Py_ssize_t k = 0; k < num_perm; k++) {
            const uint32_t v = pa[k] * h + pb[k];
            if (v < hv[k]) hv[k] = v;
        }
    }
    Py_END_ALLOW_THREADS
done:
    free(words);
    free(joined);
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return out;
}

/* words(text) -> list[bytes] | None: the kept words as UTF-8 (for tests against the Python filter). */
static PyObject *words_of(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "expected (text)");
        return NULL;
    }
    Py_ssize_t len;
    int none;
    const char *text = utf8_of(args[0], &len, &none);
    if (text == NULL) {
        if (none) Py_RETURN_NONE;
        return NULL;
    }
    Word *words = malloc(sizeof(Word) * (size_t)(len / 2 + 1));
    if (words == NULL) return PyErr_NoMemory();
    const Py_ssize_t n = kept_words((const unsigned char *)text, len, words);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *w = PyBytes_FromStringAndSize(text + words[i].start, words[i].end - words[i].start);
        if (w == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, w);
    }
    free(words);
    return out;
}

/* sha1(data) -> bytes: the 20-byte digest (for tests against hashlib). */
static PyObject *sha1_digest(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "expected (data)");
        return NULL;
    }
    Py_buffer data;
    if (PyObject_GetBuffer(args[0], &data, PyBUF_C_CONTIGUOUS) < 0) return NULL;
    uint32_t h[5];
    sha1(data.buf, (size_t)data.len, h);
    PyBuffer_Release(&data);
    unsigned char digest[20];
    for (int i = 0; i < 5; i++) {
        digest[4 * i] = (unsigned char)(h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)h[i];
    }
    return PyBytes_FromStringAndSize((const char *)digest, 20);
}

static PyMethodDef methods[] = {
    {"signature", (PyCFunction)(void (*)(void))signature, METH_FASTCALL,
     "signature(text, size, a, b) -> bytes | None: the affine32 MinHash values (uint32) of text's shingles"},
    {"words", (PyCFunction)(void (*)(void))words_of, METH_FASTCALL,
     "words(text) -> list[bytes] | None: the whitespace-separated words holding a letter or digit, UTF-8"},
    {"sha1", (PyCFunction)(void (*)(void))sha1_digest, METH_FASTCALL, "sha1(data) -> bytes: SHA-1 digest"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_minhash",
                                    "MinHash signatures of word shingles (marsad.ingest.dedup).", -1, methods};

PyMODINIT_FUNC PyInit__minhash(void) { return PyModule_Create(&module); }
