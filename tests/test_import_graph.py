"""scripts/import_graph.py: the import graph of src/marsad has no cycle beyond its commented allow-list."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "import_graph.py"


def _script():
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_src_marsad_has_no_cycle_outside_the_allow_list():
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    # the web app includes the routes, and the routes no longer import the app back (they share web.common)
    assert "marsad.web.routes" in lines["marsad.web.app"] and "marsad.web.app" not in lines["marsad.web.routes"]
    # the query layer needs neither the Store (type hints only) nor the web or the CLI
    assert not {"marsad.store.store", "marsad.web", "marsad.cli.archive"} & set(lines["marsad.store.queries"].split(", "))
    assert "NOT ALLOWED" not in done.stderr


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "marsad" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_deferred_import_is_a_cycle_a_type_checking_one_is_not(tmp_path):
    src = _tree(tmp_path, {
        "__init__.py": "",
        "web/__init__.py": "",
        "web/app.py": "def create():\n    from . import routes\n    return routes\n",  # deferred: still an edge
        "web/routes.py": "from .app import create\n",
        "store/__init__.py": "from .store import Store\n",
        "store/store.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .queries import X\n",
        "store/queries.py": "from marsad.store.store import Store\n",
    })
    graph_mod = _script()
    edges = graph_mod.graph(src)
    assert edges["marsad.web.app"] == {"marsad.web.routes"} and edges["marsad.store.store"] == set()
    assert edges["marsad.store.queries"] == {"marsad.store.store"}
    assert graph_mod.cycles(edges) == [["marsad.web.app", "marsad.web.routes"]]
    done = subprocess.run([sys.executable, str(SCRIPT), "--cycles", "--src", str(src)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "NOT ALLOWED: marsad.web.app <-> marsad.web.routes" in done.stderr
    assert "marsad.web.app -> marsad.web.routes" in done.stderr


def test_an_allowed_cycle_may_shrink_but_not_grow(monkeypatch):
    graph_mod = _script()
    group = ["marsad.ner", "marsad.ner.crf", "marsad.ner.recognizer"]
    monkeypatch.setattr(graph_mod, "ALLOWED", [(frozenset(group), "a cycle being broken")])
    assert graph_mod.allowed(group) and graph_mod.allowed(group[:2])
    assert graph_mod.allowed([*group, "marsad.web.app"]) is None


def test_no_cycle_is_allowed_any_more():
    """Session 10 broke the last known cycles (ingest/ <-> run/, ner clusters <-> lexicon, crf <->
    recognizer): a new one fails the script, with nothing to hide behind."""
    assert _script().ALLOWED == []
