"""The Gradients tab on screen with a real engine worker, and helpers to wait for it."""

from __future__ import annotations

import pytest

from widgets.gradients.view import GradientsTab

WAIT_MS = 30_000


@pytest.fixture
def settle(qtbot):
    """``settle(tab)``: until the debounce has fired and every job of the tab has delivered."""

    def wait(tab: GradientsTab) -> None:
        qtbot.waitUntil(
            lambda: (
                not tab._debounce.pending
                and not tab.controller.busy
                and tab.controller.last_point is not None
            ),
            timeout=WAIT_MS,
        )

    return wait


@pytest.fixture
def tab(show, worker, settle, qtbot):
    widget = show(GradientsTab(worker))
    settle(widget)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=WAIT_MS)


@pytest.fixture
def shown_values():
    """``shown_values(tab)``: the texts of the values box, as a user reads them."""

    def read(tab: GradientsTab) -> list[str]:
        return [label.text() for label in tab.controls.value_labels if label.isVisibleTo(tab)]

    return read
