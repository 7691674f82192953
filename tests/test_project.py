"""Promises about the project itself: layering, documentation of settings and commands, catalogs."""
from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from checkpoint import settings
from checkpoint.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", ["scanners", "ocr"])
def test_libraries_never_import_the_app(package):
    """scanners/ and ocr/ are plain libraries (STYLE.md): no Flask, no checkpoint."""
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                assert name.split(".")[0] not in ("flask", "checkpoint", "flask_babel"), f"{path}: {name}"


def test_every_setting_has_help():
    for setting in settings.SETTINGS:
        assert setting.name.isupper() and len(setting.help) > 15, setting


def subcommands(parser=None, prefix=()):
    parser = parser or build_parser()
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from subcommands(sub, (*prefix, name))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, parser in subcommands():
        assert parser.description, path
        if path in (("user",), ("watchlist",), ("hub",)):
            continue
        assert f"| `{' '.join(path)}` |" in readme, path


def test_the_readme_gives_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0].strip() for b in readme.split("```sh")[1:]]
    assert blocks == ["scripts/start", "scripts/test"]
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_every_message_has_a_vietnamese_translation():
    catalog = read_po((ROOT / "checkpoint/translations/vi/LC_MESSAGES/messages.po").open("rb"), locale="vi")
    method_map = [("checkpoint/**.py", "python"), ("scanners/**.py", "python"), ("ocr/**.py", "python"),
                  ("templates/**.html", "jinja2")]
    missing = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords={"_": None, "N_": None, "gettext": None}):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None or not entry.string:
            missing.add(msgid)
    assert sorted(missing) == [], "run scripts/update-catalog and translate these"


def test_the_tree_is_free_of_generated_files():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [t for t in tracked if t.endswith((".mo", ".pyc")) or t.startswith(("instance/", ".venv/"))]


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_docker_image_is_set_up_by_the_same_scripts_as_a_tablet():
    """No Docker engine runs here, so the Dockerfile is held to the scripts the suite does run."""
    steps = dockerfile_instructions()
    assert steps[0] == ("FROM", "debian:bookworm-slim")  # the README's fresh Debian 12 machine
    runs = " && ".join(arg for kind, arg in steps if kind == "RUN")
    assert "scripts/install" in runs
    # Everything the app needs is installed by scripts/install from the lock, nothing by hand beside it.
    assert "pip" not in runs.replace("/root/.cache/pip", "") and "pybabel" not in runs
    installed = runs.split("apt-get install", 1)[1].split("&&")[0].split()
    assert [w for w in installed if not w.startswith("-")] == ["ca-certificates", "curl"]
    assert ("CMD", '["scripts/start"]') in steps
    assert '"$ROOT/scripts/install"' in (ROOT / "scripts/start").read_text()
    copied = {src for kind, arg in steps if kind == "COPY" for src in arg.split()[:-1]}
    needed = {"pyproject.toml", "setup.py", "MANIFEST.in", "requirements", "scripts", "checkpoint", "scanners",
              "ocr", "templates"}
    assert needed <= copied
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert not needed & ignored
    env = next(arg for kind, arg in steps if kind == "ENV")
    assert "CHECKPOINT_PORT=8000" in env and ("EXPOSE", "8000") in steps
    assert any(kind == "HEALTHCHECK" and "127.0.0.1:8000/healthz" in arg for kind, arg in steps)


def test_the_locks_pin_every_package_with_hashes_and_agree():
    """requirements/*.txt are made by scripts/lock (uv) from pyproject.toml: exact versions, each with its hash,
    and the app's set is the tests' set less the test tools."""
    pins = {}
    for name in ("app", "test"):
        text = (ROOT / "requirements" / f"{name}.txt").read_text()
        entries = [e for e in text.replace("\\\n", " ").splitlines() if e and not e.lstrip().startswith("#")]
        assert entries and all("==" in e.split(";")[0] and "--hash=sha256:" in e for e in entries), name
        pins[name] = {e.split()[0] for e in entries}  # name==version; markers may differ between the sets
    assert pins["app"] < pins["test"]
    for package in ("flask", "opencv-python", "onnxruntime", "setuptools", "babel", "pytest", "ruff", "mypy"):
        assert any(p.startswith(f"{package}==") for p in pins["test"]), package


def test_every_dependency_in_pyproject_is_locked_at_a_version_it_allows():
    """A dependency added to pyproject.toml without `scripts/lock` would be missing from the venv (installed with
    --no-deps from the lock): caught here rather than as an ImportError on a tablet."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {"app": [*project["project"]["dependencies"], *project["build-system"]["requires"]]}
    wanted["test"] = wanted["app"] + project["project"]["optional-dependencies"]["test"]
    for name, requirements in wanted.items():
        text = (ROOT / "requirements" / f"{name}.txt").read_text()
        pinned: dict[str, list[str]] = {}
        for line in text.splitlines():
            if "==" in line and not line.startswith((" ", "#")):
                package, version = line.split(";")[0].split("\\")[0].strip().split("==")
                pinned.setdefault(canonicalize_name(package.split("[")[0]), []).append(version)
        for requirement in map(Requirement, requirements):
            versions = pinned.get(canonicalize_name(requirement.name), [])
            assert any(requirement.specifier.contains(v, prereleases=True) for v in versions), (name, str(requirement))
