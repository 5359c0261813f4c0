"""The production files must agree with the code: settings names, commands, packages."""

import argparse
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from cli.main import _parser
from domain.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return compose


def _setting_names() -> set[str]:
    return {str(field.validation_alias) for field in Settings.model_fields.values()}


def test_compose_sets_only_variables_fluxo_reads() -> None:
    fluxo_env = _compose()["x-fluxo-env"]
    unknown = set(fluxo_env) - _setting_names()
    assert not unknown, f"docker-compose.yml sets variables Settings does not read: {unknown}"


def test_compose_runs_only_commands_the_cli_has() -> None:
    commands = {
        name
        for action in _parser()._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    for name, service in _compose()["services"].items():
        if service.get("build") != ".":
            continue
        words = " ".join(service["command"])
        used = set(re.findall(r"fluxo (\w+)", words))
        assert used and used <= commands, (name, used)


def test_dockerfile_copies_every_python_package() -> None:
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"][
        "targets"
    ]["wheel"]["packages"]
    copied = set(re.findall(r"^COPY (\w+)/ ", (ROOT / "Dockerfile").read_text(), re.M))
    assert set(packages) <= copied, set(packages) - copied


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in _setting_names() if f"`{name}`" not in readme}
    assert not missing, f"settings missing from the README's table: {missing}"
