"""The layers: Textual lives in amltui/tui only, and the knowledge layer imports nothing above it."""

from __future__ import annotations

import ast
from pathlib import Path

import amltui

PACKAGE = Path(amltui.__file__).parent
GUI_MODULES = ("textual",)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)  # and "package.name", so `from amltui import engine` counts too
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def outside_tui() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tui" not in p.relative_to(PACKAGE).parts[:1]]


def test_the_scan_sees_the_core_modules():
    found = {p.relative_to(PACKAGE).as_posix() for p in outside_tui()}
    assert {"engine/evaluation.py", "knowledge/models.py", "knowledge/loader.py"} <= found
    assert not any(name.startswith("tui/") for name in found)


def test_no_module_outside_tui_imports_textual():
    offenders = {
        p.relative_to(PACKAGE).as_posix(): sorted(m for m in imported_modules(p) if m.split(".")[0] in GUI_MODULES)
        for p in outside_tui()
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_knowledge_layer_imports_nothing_above_it():
    above = ("amltui.engine", "amltui.sessions", "amltui.tui", "amltui.cli", "amltui.serve")
    offenders = {
        p.relative_to(PACKAGE).as_posix(): sorted(m for m in imported_modules(p) if m.startswith(above))
        for p in (PACKAGE / "knowledge").rglob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_checker_would_catch_an_import(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from textual.app import App\n    return App\n", encoding="utf-8")
    assert "textual.app" in imported_modules(module)


def test_the_tui_entry_point_does_not_import_textual_until_run():
    source = (PACKAGE / "tui" / "__init__.py").read_text(encoding="utf-8")
    top_level = [n for n in ast.parse(source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all("textual" not in ast.unparse(n) for n in top_level)


def test_the_read_path_and_the_text_rule_import_nothing_from_amltui():
    """amltui/files.py and amltui/terminal_text.py sit below every layer (the knowledge layer uses them)."""
    for name in ("files.py", "terminal_text.py"):
        assert not [m for m in imported_modules(PACKAGE / name) if m.startswith("amltui")], name
