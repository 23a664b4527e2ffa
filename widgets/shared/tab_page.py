"""What the main window asks of every tab, so it never has to guess with hasattr."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from engine.shared.notebook import Section


@runtime_checkable
class TabPage(Protocol):
    settings_group: str  # the QSettings group the tab's settings live in

    def settings(self) -> Any:
        """What the tab keeps between sessions, as a dataclass of str/int/float/bool fields."""

    def apply_settings(self, settings: Any) -> None:
        """Show stored settings; values the tab cannot use fall back to its defaults."""

    def shutdown(self) -> None:
        """The window is closing: stop timers and ask running jobs to end."""

    def notebook_section(self) -> Section:
        """What File > Export writes for this tab: code that rebuilds what it shows (its last
        finished state, with a note saying so when a job is still running)."""
