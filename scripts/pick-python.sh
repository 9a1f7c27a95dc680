#!/bin/sh
# Print the interpreter `make` builds .venv from (override: make PYTHON=…).
# Debian's /usr/bin/python3 first, when it is 3.11+ and can build a virtualenv with C headers: Debian
# builds it optimised (PGO + LTO, statically linked), and the whole pipeline ran 11-12 % faster on it
# than on a default pyenv build of 3.11 (bench/README.md, session 5). Else the python3 on PATH.
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import ensurepip, os, sys, sysconfig
sys.exit(sys.version_info < (3, 11) or not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
      2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo python3
