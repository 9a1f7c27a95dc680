"""The compiled parts of marsad (everything else is in pyproject.toml): small C modules for the two inner
loops Python cannot make fast, CRF decoding and MinHash. Building needs a C compiler and Python's headers
(Debian: build-essential python3-dev)."""

from setuptools import Extension, setup

# No -ffast-math and no contraction into fused multiply-adds: the decoders must add up floats exactly as
# the reference arithmetic does.
FLAGS = ["-O2", "-ffp-contract=off", "-std=c11"]

setup(
    ext_modules=[
        Extension("marsad.ner._crfdecode", ["src/marsad/ner/_crfdecode.c"], extra_compile_args=FLAGS),
        Extension("marsad.ingest._minhash", ["src/marsad/ingest/_minhash.c"], extra_compile_args=FLAGS),
    ],
)
