"""The Tensor Editor's fixtures: the tab on screen over a worker that has loaded TensorFlow."""

from __future__ import annotations

import pytest

from widgets.editor.view import TensorEditorTab


@pytest.fixture
def tab(show, worker) -> TensorEditorTab:
    return show(TensorEditorTab(worker), size=(1200, 700))
