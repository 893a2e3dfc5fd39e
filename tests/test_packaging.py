"""What ships and how it installs: the package list, the locks and their hashes, the licence,
and the README's configuration table, each checked against the source of truth."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pydantic import AliasChoices

from bot.settings import PROJECT_ROOT, Settings

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def read_lock(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """``requirements*.lock`` as {name: (version, hashes)}; every pin must carry hashes."""
    entries: dict[str, tuple[str, frozenset[str]]] = {}
    text = (PROJECT_ROOT / name).read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pin, _, rest = line.partition(" ")
        package, _, version = pin.partition("==")
        hashes = frozenset(HASH.findall(rest))
        assert version and hashes, f"{name}: {pin!r} has no exact version or no --hash"
        entries[canonicalize_name(package)] = (version, hashes)
    return entries


def settings_variables() -> dict[str, str]:
    """Environment variable -> Settings field, for every field."""
    names = {}
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            alias = alias.choices[0]
        names[str(alias or field).upper()] = field
    return names


def readme_configuration_variables() -> set[str]:
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_readme_configuration_table_lists_exactly_the_settings() -> None:
    variables = settings_variables()
    documented = readme_configuration_variables()
    missing = sorted(set(variables) - documented)
    extra = sorted(documented - set(variables))
    assert not missing and not extra, (
        "README.md's Configuration table is out of step with bot.settings.Settings. "
        f"Rows missing for: {', '.join(f'{v} ({variables[v]})' for v in missing) or 'none'}. "
        f"Rows for no setting: {', '.join(extra) or 'none'}."
    )


def test_every_python_package_is_in_the_wheel() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(PROJECT_ROOT).parts)
        for top in ("bot", "adapters")
        for init in (PROJECT_ROOT / top).rglob("__init__.py")
    }
    assert not on_disk - listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    mapped = PYPROJECT["tool"]["setuptools"]["package-dir"]
    assert mapped == {f"bot.bundled.{d}": d for d in ("knowledge", "prompts", "eval")}


def test_locks_pin_everything_with_hashes_and_the_runtime_lock_is_a_subset() -> None:
    full = read_lock("requirements.lock")
    runtime = read_lock("requirements-runtime.lock")
    differing = sorted(n for n in runtime if full.get(n) != runtime[n])
    assert not differing, f"requirements-runtime.lock disagrees with requirements.lock: {differing}"


def test_build_backend_is_pinned_to_the_locked_setuptools() -> None:
    (backend,) = PYPROJECT["build-system"]["requires"]
    assert backend == f"setuptools=={read_lock('requirements.lock')['setuptools'][0]}"


def test_runtime_lock_covers_everything_rolebot_needs_at_run_time() -> None:
    runtime = read_lock("requirements-runtime.lock")
    environment = default_environment()
    needed: set[str] = set()
    todo = [Requirement(r) for r in metadata.requires("rolebot") or []]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in needed or (
            requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""})
        ):
            continue
        needed.add(name)
        todo += [Requirement(r) for r in metadata.requires(name) or []]
    assert not needed - set(runtime), f"run `make lock`: unpinned {sorted(needed - set(runtime))}"


def test_licence_is_the_apache_2_text_and_ships_with_the_tokenizer_notice() -> None:
    licence = (PROJECT_ROOT / "LICENSE").read_text()
    assert licence.lstrip().startswith("Apache License\n                           Version 2.0")
    assert "END OF TERMS AND CONDITIONS" in licence
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE", "bot/model/NOTICE"]
