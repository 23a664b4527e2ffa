"""The entry points: `python -m desktop` and its --version."""

from __future__ import annotations

from fresh_python import run_python


def test_version_prints_and_exits_zero():
    from desktop import __version__

    done = run_python("-m", "desktop", "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Tensor Workbench {__version__}"


def test_app_opens_its_window_and_exits_cleanly(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = run_python("-m", "desktop", "--quit-when-shown", env=env)
    assert done.returncode == 0, done.stderr
    assert "shown" in done.stdout
    assert "Destroyed while thread" not in done.stderr
