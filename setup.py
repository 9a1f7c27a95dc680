"""The compiled parts of marsad (everything else is in pyproject.toml): small C modules for the two inner
loops Python cannot make fast, CRF decoding and MinHash. Building needs a C compiler and Python's headers
(Debian: build-essential python3-dev); both are optional: when the build fails, the install goes on with a
warning and marsad takes its pure-Python paths (same tags, same signatures, slower; see marsad.native)."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# No -ffast-math and no contraction into fused multiply-adds: the decoders must add up floats exactly as
# the reference arithmetic does.
FLAGS = ["-O2", "-ffp-contract=off", "-std=c11"]


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing when a module cannot be compiled (no compiler, no headers)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - a missing compiler surfaces as several error types
            self._skipped(error)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            self._skipped(error, ext.name)

    @staticmethod
    def _skipped(error: Exception, name: str = "the C modules") -> None:
        print(f"WARNING: {name} not built ({error}); marsad will use its pure-Python path (slower, same results)")


setup(
    cmdclass={"build_ext": OptionalBuildExt},
    ext_modules=[
        Extension("marsad.ner._crfdecode", ["src/marsad/ner/_crfdecode.c"], extra_compile_args=FLAGS),
        Extension("marsad.ingest._minhash", ["src/marsad/ingest/_minhash.c"], extra_compile_args=FLAGS),
    ],
)
