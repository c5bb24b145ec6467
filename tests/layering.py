"""The house rules, as a checker: layers only import downward, only gapkit/cached.py imports Streamlit, and no
Python module spells query text (SPARQL lives in queries/*.rq, SQL in queries/sql/*.sql)."""

import ast
import re
from pathlib import Path

# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS = (
    ("errors", "files"),
    ("model",),
    ("stores",),
    ("sources",),
    ("figures",),
    ("events",),
    ("outputs",),
    ("builders",),
    ("cli",),
    ("cached",),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
STREAMLIT_HOME = "cached"
_QUERY_TEXT = (
    re.compile(r"\bSELECT\s+(\?|DISTINCT\b|\(|\*|[a-z_]+\s*(,|FROM\b))", re.I),
    re.compile(r"\bWHERE\s*\{"),
    re.compile(r"\bPREFIX\s+\w*:\s*<"),
)


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name inside gapkit ("gapkit.sources.remote" -> "sources"); None outside."""
    parts = module.split(".")
    if parts[0] != "gapkit" or len(parts) < 2:
        return None
    return parts[1]


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gapkit":
                found += [(node.lineno, f"gapkit.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def check_module(module: str, source: str) -> list[str]:
    """Every breach of the house rules in one gapkit module's source, as sentences (empty when it is clean)."""
    tree = ast.parse(source)
    own = layer_of(module)
    problems = []
    for line, name in _imports(tree):
        if name.split(".")[0] == "streamlit" and own != STREAMLIT_HOME:
            problems.append(f"{module}:{line} imports streamlit; only gapkit/{STREAMLIT_HOME}.py may.")
        target = layer_of(name)
        if own in RANK and target in RANK and RANK[target] > RANK[own]:
            problems.append(f"{module}:{line} imports {name}, a higher layer ({target} above {own}).")
        if own in RANK and target is not None and target not in RANK and target != "__version__":
            problems.append(f"{module}:{line} imports {name}, which is in no layer.")
    for line, text in _strings(tree):
        if any(pattern.search(text) for pattern in _QUERY_TEXT):
            problems.append(f"{module}:{line} holds query text; query text lives in queries/.")
    return problems


def check_package(root: Path) -> list[str]:
    """check_module over every module of the package at `root` (the gapkit folder)."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        module = ".".join(part for part in relative.parts if part != "__init__")
        if layer_of(module) is None and module != "gapkit":
            continue
        top_level = module.count(".") == 1 and path.name != "__init__.py"
        if top_level and layer_of(module) not in RANK and module != "gapkit.__main__":
            problems.append(f"{module} is in no layer; put it in one of {sorted(RANK)}.")
        problems += check_module(module, path.read_text(encoding="utf-8"))
    return problems
