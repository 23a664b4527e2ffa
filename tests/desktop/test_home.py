"""The suite runs in a sandbox home, and what writes to a home (the log, settings, Keras's
config, matplotlib's cache) writes there, never into the real one."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from fresh_python import run_python
from home_guard import REAL_HOME, WATCHED, home_snapshot

# What the probe below would write to; .qttest is left to the end-of-session check.
PROBED = tuple(name for name in WATCHED if name != ".qttest")

WRITES_TO_HOME = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    QCoreApplication.setOrganizationName("Tensor Workbench")
    QCoreApplication.setApplicationName("Tensor Workbench")
    from desktop.crash import setup_logging
    from desktop.settings import open_settings
    import logging
    print(setup_logging())
    logging.getLogger("tensor_workbench").warning("a line in the log")
    settings = open_settings(); settings.setValue("probe", 1); settings.sync()
    print(settings.fileName())
    import keras, matplotlib.pyplot  # keras writes keras.json; matplotlib builds its font cache
    """
)


def test_everything_written_to_a_home_goes_to_the_sandbox():
    before = home_snapshot(REAL_HOME, PROBED)
    sandbox = Path(os.environ["HOME"])
    assert sandbox != REAL_HOME and "tensor-workbench-tests-" in str(sandbox)
    done = run_python("-c", WRITES_TO_HOME)
    assert done.returncode == 0, done.stderr
    log_path, settings_path = (Path(line) for line in done.stdout.splitlines()[:2])
    for path in (log_path, settings_path):
        assert path.is_file() and sandbox in path.parents
    assert "a line in the log" in log_path.read_text()
    assert (Path(os.environ["KERAS_HOME"]) / "keras.json").is_file()
    assert home_snapshot(REAL_HOME, PROBED) == before
