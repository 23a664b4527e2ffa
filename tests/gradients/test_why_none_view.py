"""Why is my gradient None? Every case clicked in the tab runs on the engine thread and shows
its code, what TensorFlow returned (or raised, with the exception's class) and why."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.gradients.none_cases import CASES
from widgets.gradients.why_none_controller import CaseOutcome
from widgets.gradients.why_none_panel import WhyNonePanel
from widgets.shared.message_line import Severity

WAIT_MS = 30_000
FIRST_LINES = {
    "unwatched": "gradient: None",
    "integer": "dtype: int32",
    "no-path": "gradient: None",
    "stop-gradient": "gradient: None",
    "numpy": "y: 9.0",
    "second-call": "first: 6.0",
    "persistent": "dy_dx: 6.0",
}


def test_every_case_is_one_click_away(qtbot, tab):
    tab.details.setCurrentWidget(tab.why_none_panel)
    panel = tab.why_none_panel
    assert panel.cases.count() == len(CASES)
    for row, case in enumerate(CASES):
        item = panel.cases.item(row)
        assert item.text() == case.title
        rect = panel.cases.visualItemRect(item)
        qtbot.mouseClick(panel.cases.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert panel.code_pane.code() == case.code  # at once, before TensorFlow has run
        assert panel.explanation.text() == case.explanation
        qtbot.waitUntil(
            lambda case=case: (
                tab.controller.why_none.last is not None
                and tab.controller.why_none.last.case is case
            ),
            timeout=WAIT_MS,
        )
        lines = panel.output.text().splitlines()
        assert lines == list(tab.controller.why_none.last.lines)
        assert lines[0] == FIRST_LINES[case.key], case.key
    assert panel.output.text().splitlines() == ["dy_dx: 6.0", "dz_dx: 27.0"]


def test_a_raised_exception_shows_its_class(qtbot, tab):
    panel = tab.why_none_panel
    tab.controller.why_none.choose("second-call")
    qtbot.waitUntil(lambda: tab.controller.why_none.last is not None, timeout=WAIT_MS)
    second = panel.output.text().splitlines()[1]
    assert second.startswith("second: raised RuntimeError: A non-persistent GradientTape")
    assert panel.raised.severity is Severity.ERROR  # shown as an error
    assert panel.raised.text().startswith("TensorFlow raised RuntimeError")


def test_the_panel_renders_without_an_engine(qtbot, show):
    panel = show(WhyNonePanel(), size=(900, 300))
    clicked: list[str] = []
    panel.case_clicked.connect(clicked.append)
    item = panel.cases.item(3)
    rect = panel.cases.visualItemRect(item)
    qtbot.mouseClick(panel.cases.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked == [CASES[3].key]
    panel.show_case(CASES[3])
    assert panel.output.text() == "Running…"
    panel.show_outcome(CaseOutcome(CASES[3], ("raised ValueError: no",)))
    assert panel.output.text() == "raised ValueError: no"
    assert panel.raised.severity is Severity.ERROR and "ValueError" in panel.raised.text()
    panel.show_outcome(CaseOutcome(CASES[3], ("gradient: None",)))
    assert panel.raised.severity is None and not panel.raised.isVisibleTo(panel)
