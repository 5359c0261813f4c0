"""The layers of docs/architecture.md hold: `lint-imports` passes on the tree, and fails on an
import that points the wrong way."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = (
    "domain",
    "infra",
    "stores",
    "providers",
    "channels",
    "activities",
    "workflows",
    "workers",
    "api",
    "temporal",
    "cli",
)


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_workflow_importing_a_store_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    workflow = tree / "workflows" / "contact_import.py"
    workflow.write_text(workflow.read_text() + "\nimport stores.contacts.imports  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "workflows is not allowed to import stores" in result.stdout


def test_a_provider_importing_a_store_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    client = tree / "providers" / "whatsapp" / "client.py"
    client.write_text(client.read_text() + "\nimport stores.channel_directory  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "providers is not allowed to import stores" in result.stdout
