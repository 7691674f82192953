"""The server comes back when it dies: systemd units that restart it, always (#14)."""
from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from checkpoint import cli

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("name, command", [("checkpoint.service", ["serve"]),
                                           ("checkpoint-hub.service", ["hub", "serve"])])
def test_each_server_is_restarted_whenever_it_stops(name: str, command: list[str]):
    service = unit(name)
    assert service["Service"]["Restart"] == "always"
    assert int(service["Service"]["RestartSec"]) <= 5
    assert service["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[0].endswith("/.venv/bin/checkpoint") and argv[1:1 + len(command)] == command
    # The command line the unit runs is one our parser takes.
    args = cli.build_parser().parse_args(argv[1:])
    assert args.run.__name__ == "cmd_" + "_".join(command)


def test_the_tablet_app_has_a_memory_ceiling_of_its_own():
    assert unit("checkpoint.service")["Service"]["MemoryMax"].endswith("G")
