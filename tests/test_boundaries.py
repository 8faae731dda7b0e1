"""The layering holds: core/ knows nothing of Qt or the explorer and its imports go one way (no
cycle); the explorer's views never touch torch."""
import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_gui():
    for path in sorted((ROOT / "core").glob("*.py")):
        bad = imported_modules(path) & {"PySide6", "pyqtgraph", "explorer", "PyQt5", "PyQt6"}
        assert not bad, f"{path.name} imports {bad}"


def test_views_and_window_import_no_torch():
    files = sorted((ROOT / "explorer" / "views").glob("*.py"))
    files += [ROOT / "explorer" / name for name in ("main_window.py", "model_map.py", "token_chips.py",
                                                    "state.py", "stages.py", "theme.py", "worker.py", "app.py")]
    for path in files:
        assert "torch" not in imported_modules(path), f"{path.relative_to(ROOT)} imports torch"


def test_summaries_is_numpy_only():
    assert imported_modules(ROOT / "core" / "summaries.py") <= {"__future__", "math", "numpy"}


def test_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts (no import cycle inside core, core free of Qt, the views
    free of torch — all three through indirect imports too),
    checked by import-linter on this checkout (its own folder first on the path)."""
    run = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                          "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"],
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
