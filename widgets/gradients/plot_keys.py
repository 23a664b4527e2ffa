"""A plot for the keyboard and screen readers: its canvas takes the focus with Tab or a click,
shows it with a frame in the palette's highlight colour, and reports its arrow keys; the canvas
and its toolbar's buttons have names. Each plot moves its point a hundredth of the range in view
per press (a tenth with Shift), so a zoomed-in plot moves it finely."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from widgets.shared.plot_canvas import PlotCanvas

STEPS_PER_VIEW = 100
BIG_STEP = 10  # with Shift
FRAME_PX = 2
HORIZONTAL = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0)}
VERTICAL = {Qt.Key.Key_Down: (0, -1), Qt.Key.Key_Up: (0, 1)}


def moved(value: float, direction: int, view: tuple[float, float], big: bool) -> float:
    """``value`` moved ``direction`` steps of the ``view``'s span (kept inside the view when it
    was inside; a point typed outside it moves by the same steps)."""
    low, high = sorted(view)
    step = (high - low) / STEPS_PER_VIEW * (BIG_STEP if big else 1)
    target = value + direction * step
    return min(max(target, low), high) if low <= value <= high else target


class FocusFrame(QWidget):
    """Holds a plot and draws a highlighted border round it while its canvas has the focus.
    ``arrow(dx, dy, big)`` reports an arrow key on the canvas (up/down only when ``vertical``)."""

    arrow = Signal(int, int, bool)

    def __init__(
        self,
        plot: PlotCanvas,
        *,
        vertical: bool,
        name: str,
        description: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(FRAME_PX, FRAME_PX, FRAME_PX, FRAME_PX)
        layout.addWidget(plot)
        self.canvas = canvas = plot.canvas
        self.keys = {**HORIZONTAL, **(VERTICAL if vertical else {})}
        self.focused = False
        canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab and a click both reach it
        canvas.setAccessibleName(name)
        canvas.setAccessibleDescription(description)
        canvas.installEventFilter(self)
        if plot.toolbar is not None:
            for button in plot.toolbar.findChildren(QToolButton):
                action = button.defaultAction()
                what = action.text() if action is not None else "More tools"
                button.setAccessibleName(f"{what} ({name.lower()})")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.canvas:
            kind = event.type()
            if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self.focused = kind == QEvent.Type.FocusIn
                self.update()
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                step = self.keys.get(Qt.Key(event.key()))
                if step is not None:
                    big = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    self.arrow.emit(step[0], step[1], big)
                    return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self.focused:
            return
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(FRAME_PX)
        painter.setPen(pen)
        half = FRAME_PX // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))
        painter.end()
