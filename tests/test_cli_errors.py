"""Every bad input: exit code 2, one line on stderr, no traceback, nothing lost."""

from __future__ import annotations

import json

import pytest

from test_replay import run_cli


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "good.json"
    res = run_cli("run", "--seed", "1", "--scenario", "sprint-2025", "--out", str(path), "--quiet")
    assert res.returncode == 0, res.stderr
    return path


def bad_files(tmp_path, good):
    text = good.read_text()
    data = json.loads(text)
    other = dict(data, format_version=99)
    files = {
        "missing": tmp_path / "nope.json",
        "truncated": tmp_path / "trunc.json",
        "corrupt": tmp_path / "corrupt.json",
        "other-version": tmp_path / "v99.json",
        "not-a-replay": tmp_path / "list.json",
        "binary": tmp_path / "bin.json",
    }
    files["truncated"].write_text(text[: len(text) // 2])
    files["corrupt"].write_text("{ this is not json")
    files["other-version"].write_text(json.dumps(other))
    files["not-a-replay"].write_text("[1, 2, 3]")
    files["binary"].write_bytes(b"\x89PNG\x00\xff\xfe")
    return files


def assert_one_line_error(res, needle: str = "") -> None:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert needle.lower() in lines[0].lower()


@pytest.mark.parametrize("kind", ["missing", "truncated", "corrupt", "other-version", "not-a-replay", "binary"])
def test_bad_replays(kind, tmp_path, good):
    path = bad_files(tmp_path, good)[kind]
    assert_one_line_error(run_cli("replay", "--verify", str(path)), str(path.name))


@pytest.mark.parametrize("args,needle", [
    (["run", "--agents", "random,random,wizard,random"], "unknown agent 'wizard'"),
    (["run", "--agents", "random,random"], "expected 4 agents"),
    (["run", "--seed", "seven"], "seed must be a non-negative integer"),
    (["run", "--seed", "-3"], "seed"),
    (["run", "--scenario", "atlantis"], "unknown scenario"),
    (["run", "--agents", "nosuchpkg.mod:Agent,random,random,random"], "cannot import agent module"),
    (["frobnicate"], "invalid choice"),
    (["play", "--resume", "no-such-game-unfinished.json"], "no-such-game-unfinished.json"),
    (["play", "--resume", "x.json", "--as", "OpenAI"], "--resume plays the saved game's own seats"),
])
def test_bad_arguments(args, needle, tmp_path):
    assert_one_line_error(run_cli(*args, "--out", str(tmp_path / "x.json")) if args[0] == "run" else run_cli(*args),
                          needle)


def test_invalid_scenario_file_and_nothing_overwritten(tmp_path, good):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nname = 3\n")
    out = tmp_path / "keep.json"
    out.write_text("precious")
    res = run_cli("run", "--scenario", str(bad), "--out", str(out))
    assert_one_line_error(res, "bad.toml")
    assert out.read_text() == "precious"


def test_output_directory_missing(tmp_path):
    res = run_cli("run", "--out", str(tmp_path / "no" / "such" / "dir.json"))
    assert_one_line_error(res, "does not exist")


def test_version_and_lists():
    assert run_cli("--version").stdout.startswith("frenemies ")
    res = run_cli("agents")
    assert res.returncode == 0 and "random" in res.stdout and "passive" in res.stdout
    res = run_cli("scenarios")
    assert res.returncode == 0 and "stargate-2025" in res.stdout and "sprint-2025" in res.stdout
