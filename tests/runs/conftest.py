from __future__ import annotations

import pytest


@pytest.fixture
def data(tmp_path, monkeypatch):
    """The app's data folder for this test (TENSOR_WORKBENCH_DATA), also seen by subprocesses."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TENSOR_WORKBENCH_DATA", str(folder))
    return folder
