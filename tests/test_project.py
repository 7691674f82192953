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


# The layering rule, once for every package. scanners/ and ocr/ are plain libraries; each part of checkpoint
# names the parts it may import (besides its own modules), in the order of the flow: capture → decode / OCR →
# fields → checks → log → sync / report, and the app (web, cli) over them. A part not listed fails the test.
LIBRARIES = {"scanners": set(), "ocr": set()}
LEAVES = {"errors", "i18n", "settings", "clock", "values"}
PARTS: dict[str, set[str]] = {
    "errors": set(), "i18n": set(), "settings": set(), "clock": set(), "values": {"errors", "i18n"},
    "headers": set(),
    "vocabulary": {"errors"},
    "store": {"clock"},
    "capture": LEAVES,
    "models": LEAVES | {"capture"},
    "ledger": LEAVES | {"store"},
    "users": LEAVES | {"store"},
    "watchlist": LEAVES | {"store"},
    "cases": LEAVES | {"ledger"},
    "units": LEAVES,
    "decisions": LEAVES | {"store", "ledger"},
    "patterns": LEAVES | {"store", "ledger"},
    "adjudication": LEAVES | {"store", "ledger", "watchlist"},
    "approvals": LEAVES | {"store", "ledger", "inspections"},
    "checks": LEAVES | {"models", "watchlist"},
    "inspections": LEAVES | {"store", "ledger", "models", "cases", "checks"},
    "pipeline": LEAVES | {"store", "capture", "models", "checks", "watchlist", "inspections", "ledger"},
    "jobs": LEAVES | {"capture"},
    "reports": LEAVES | {"store", "ledger", "cases", "units"},
    "patrols": LEAVES | {"store", "ledger", "capture", "cases", "reports", "units", "watchlist"},
    "seizures": LEAVES | {"ledger", "patrols"},
    "setup": LEAVES | {"store", "users", "watchlist"},
    "sync": LEAVES | {"store", "ledger", "capture", "watchlist", "patterns"},
    # Headquarters shares the sync protocol and the log's chain with the tablet, and replays the tablet's own
    # projections (inspections, patrols, over the store's migrations) to count alike; its console reads the
    # reference data (units, cases), the 389 report (reports) and hashes passwords at the tablet's costs (users).
    "hub": LEAVES | {"ledger", "sync.protocol", "store", "inspections", "patrols", "cases", "units", "reports",
                     "users", "decisions", "approvals", "adjudication", "headers", "patterns", "seizures"},
    "web": LEAVES | {"store", "capture", "models", "ledger", "users", "watchlist", "cases", "checks", "inspections",
                     "pipeline", "jobs", "reports", "patrols", "setup", "sync", "vocabulary", "units",
                     "decisions", "patterns", "adjudication", "approvals", "headers", "seizures"},
    "cli": LEAVES | {"checkpoint", "store", "capture", "models", "ledger", "users", "watchlist", "cases", "checks",
                     "inspections", "pipeline", "jobs", "reports", "patrols", "setup", "sync", "hub", "vocabulary",
                     "units", "decisions"},
    "__main__": {"cli"},
    "checkpoint": {"settings", "users", "setup", "store", "web"},
}
FLASK = {"flask", "flask_babel", "flask_wtf", "werkzeug"}
FLASK_USERS = {"checkpoint", "web", "hub.app", "hub.console", "hub.patterns", "headers"}
"""checkpoint/__init__.py (create_app), web/, the hub's app and console, and the headers both serve."""
# Flask beyond the app's own modules, found when the rule was written (#15), each to move behind web/ or go: the
# list only shrinks.
FLASK_FOUND = {"checkpoint.cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(path: Path) -> set[str]:
    """The modules (or packages) a file imports, relative imports resolved; `from a import b` names a.b when b
    is a module, else a."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]) if node.level else ""
            source = ".".join(p for p in (base, node.module or "") if p)
            found |= {f"{source}.{a.name}" if is_module(f"{source}.{a.name}") else source for a in node.names}
    return found


def part_of(module: str) -> str:
    """checkpoint.web.api → web; checkpoint.cli → cli; checkpoint → checkpoint; scanners.gtin → scanners."""
    parts = module.split(".")
    return parts[1] if parts[0] == "checkpoint" and len(parts) > 1 else parts[0]


def within(module: str, allowed: set[str]) -> bool:
    name = module.removeprefix("checkpoint.")
    return any(name == a or name.startswith(a + ".") for a in allowed)


def layering_violations() -> list[str]:
    found = []
    for top in ("checkpoint", *LIBRARIES):
        for path in sorted((ROOT / top).rglob("*.py")):
            module = module_name(path)
            part = part_of(module)
            if top == "checkpoint" and part not in PARTS:
                found.append(f"{module}: part {part!r} is not in the layering table (tests/test_project.py)")
                continue
            for name in sorted(imported(path)):
                first = name.split(".")[0]
                if first in FLASK and not within(module, FLASK_USERS) and module not in FLASK_FOUND:
                    found.append(f"{module} imports {name}: only {sorted(FLASK_USERS)} import Flask")
                elif top in LIBRARIES and (first == "checkpoint" or first in set(LIBRARIES) - {top} | FLASK):
                    found.append(f"{module} imports {name}: {top} is a plain library")
                elif top == "checkpoint" and first == "checkpoint" and part_of(name) != part \
                        and not within(name, PARTS[part]):
                    found.append(f"{module} imports {name}: {part} may import only {sorted(PARTS[part])}")
    return found


def test_every_module_keeps_to_the_layering_table():
    assert layering_violations() == []


def test_the_flask_found_list_only_shrinks():
    for module in FLASK_FOUND:
        path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        assert {n.split(".")[0] for n in imported(path)} & FLASK, f"{module} no longer imports Flask: drop it"


@pytest.mark.parametrize(("module", "source", "found"), [
    ("checkpoint/checks/documents.py", "from ..web import auth\n",
     "checkpoint.checks.documents imports checkpoint.web.auth: checks may import only"),
    ("checkpoint/store/db.py", "from ..ledger import record\n",
     "checkpoint.store.db imports checkpoint.ledger: store may import only ['clock']"),
    ("checkpoint/hub/receiver.py", "from ..sync import client\n",
     "checkpoint.hub.receiver imports checkpoint.sync.client: hub may import only"),
    ("checkpoint/watchlist/lists.py", "import flask\n",
     "checkpoint.watchlist.lists imports flask: only ['checkpoint', 'headers', 'hub.app', 'hub.console', 'hub.patterns', 'web'] import Flask"),
    ("scanners/gtin.py", "from ocr import read\n", "scanners.gtin imports ocr: scanners is a plain library"),
    ("ocr/engine.py", "import checkpoint.errors\n", "ocr.engine imports checkpoint.errors: ocr is a plain library"),
])
def test_the_layering_rule_finds_a_forbidden_import(module, source, found, monkeypatch):
    read = Path.read_text
    target = ROOT / module
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: read(self, *a, **k) + (source if self == target else ""))
    assert [v for v in layering_violations() if v.startswith(found)] != []


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
        if path in (("user",), ("watchlist",), ("hub",), ("hub", "user")):
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
