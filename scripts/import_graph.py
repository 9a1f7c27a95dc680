#!/usr/bin/env python3
"""The import graph between the modules of src/marsad, read statically (ast), and its cycles.

    python scripts/import_graph.py            # every module and the marsad modules it imports; the cycles
    python scripts/import_graph.py --cycles   # only the cycles
    python scripts/import_graph.py --dot      # the graph for Graphviz

A module depends on every marsad module it names in an import statement anywhere in it — inside functions
too: an import deferred into a function still makes the two modules need each other, it only hides the
cycle until run time — except under `if TYPE_CHECKING:` (never executed). `from pkg import name` depends
on the submodule pkg.name when there is one, else on the package (its __init__).

Exits 1 when a cycle (a strongly connected group of modules) is not within an ALLOWED group below, 0
otherwise. tests/test_import_graph.py runs it.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "marsad"

# Cycles known and not yet broken, each with why it is left: a cycle found passes when all its modules are
# inside one of these groups (so it may shrink, never grow). The lead empties this list as they are fixed.
ALLOWED: list[tuple[frozenset[str], str]] = [
]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted((root / PACKAGE).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def dependencies(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        for target in targets:
            while target and target not in known:  # `import marsad.x.y` names the module; a name inside one
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    known = modules(root)
    return {name: dependencies(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def allowed(group: list[str]) -> str | None:
    for members, reason in ALLOWED:
        if set(group) <= members:
            return reason
    return None


def cycle_edges(edges: dict[str, set[str]], group: list[str]) -> list[str]:
    inside = set(group)
    return [f"{a} -> {b}" for a in group for b in sorted(edges[a] & inside)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", action="store_true", help="print only the cycles")
    parser.add_argument("--dot", action="store_true", help="print the graph in Graphviz's dot language")
    parser.add_argument("--src", type=Path, default=ROOT, help="the folder holding marsad/ (default: this tree's src)")
    args = parser.parse_args(argv)
    edges = graph(args.src)
    if args.dot:
        print("digraph marsad {")
        for name in sorted(edges):
            for dep in sorted(edges[name]):
                print(f'  "{name}" -> "{dep}";')
        print("}")
    elif not args.cycles:
        for name in sorted(edges):
            print(f"{name}: {', '.join(sorted(edges[name])) or '-'}")
    bad = 0
    for group in cycles(edges):
        reason = allowed(group)
        tag = f"allowed ({reason})" if reason else "NOT ALLOWED"
        print(f"cycle, {tag}: {' <-> '.join(group)}", file=sys.stderr)
        for edge in cycle_edges(edges, group):
            print(f"    {edge}", file=sys.stderr)
        bad += reason is None
    if bad:
        print(f"{bad} import cycle(s) to break (or, with a reason, to allow in {Path(__file__).name})",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
