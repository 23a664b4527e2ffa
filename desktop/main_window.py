"""The main window: four tabs over one engine worker, menus, status bar and saved layout."""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTabWidget

from desktop import APP_NAME, __version__
from desktop.settings import open_settings
from engine.mnist.devices import Devices, visible_devices
from engine.shared.notebook import Section, write_notebook, write_script
from engine.worker import Worker
from resources import resource_path
from widgets.editor.view import TensorEditorTab
from widgets.gradients.view import GradientsTab
from widgets.mnist.view import MnistTrainerTab
from widgets.ranks.view import RankExplorerTab
from widgets.shared import file_dialogs
from widgets.shared.file_dialogs import ask_save_file
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.settings import SettingsStore
from widgets.shared.tab_page import TabPage
from widgets.shared.theme import Theme, apply_theme
from widgets.shared.theme import choice as theme_choice

TAB_TITLES = ("Tensor Editor", "Gradients", "Rank Explorer", "MNIST Trainer")
THEMES = {theme.value for theme in Theme}
EXPORT_TITLE = "Tensor Workbench session"
NOTEBOOK_FILTER = "Jupyter notebooks (*.ipynb)"
SCRIPT_FILTER = "Python scripts (*.py)"


@dataclass
class WindowSettings:
    theme: str = Theme.SYSTEM.value


SHUTDOWN_TIMEOUT_S = 5.0


class MainWindow(QMainWindow):
    def __init__(self, worker: Worker | None = None, settings: QSettings | None = None):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource_path("icon.svg"))))
        self.resize(1280, 820)
        self.settings = settings if settings is not None else open_settings()
        self.store = SettingsStore(self.settings)
        self.worker = worker if worker is not None else Worker(parent=None)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.pages: list[TabPage] = []
        for title, tab_class in zip(
            TAB_TITLES,
            (TensorEditorTab, GradientsTab, RankExplorerTab, MnistTrainerTab),
            strict=True,
        ):
            page = tab_class(self.worker)
            assert isinstance(page, TabPage)
            self.pages.append(page)
            self.tabs.addTab(page, title)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.engine_state = QLabel(self.worker.state)
        self.engine_state.setObjectName("engineState")
        # The devices TensorFlow sees (CPU with its cores, each GPU with its name and memory),
        # asked once it has loaded.
        self.devices: Devices | None = None
        self.device_jobs = JobChannel(self.worker, APP_NAME, Policy.EXCLUSIVE, self)
        self.devices_state = QLabel()
        self.devices_state.setObjectName("devicesState")
        self.devices_state.setToolTip(
            "The devices TensorFlow sees; training runs on a GPU when there is one"
        )
        self.statusBar().addPermanentWidget(self.devices_state)
        self.statusBar().addPermanentWidget(self.engine_state)
        self.worker.state_changed.connect(self.show_engine_state)
        self.show_engine_state(self.worker.state)  # a worker that has already loaded TensorFlow

        self.restore_layout()
        if not self.worker.isRunning():
            # Started from the event loop so the first paint is not slowed by the TF import.
            QTimer.singleShot(0, self._start_worker)

    def _start_worker(self) -> None:
        if not self.worker.closing and not self.worker.isRunning():
            self.worker.start()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, slot in (
            ("Export as &notebook…", self.ask_export_notebook),
            ("Export as &script…", self.ask_export_script),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions: dict[Theme, QAction] = {}
        group = QActionGroup(self)
        for theme, text in (
            (Theme.SYSTEM, "&System"),
            (Theme.LIGHT, "&Light"),
            (Theme.DARK, "&Dark"),
        ):
            action = QAction(text, self, checkable=True)
            action.triggered.connect(partial(self.set_theme, theme))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[theme] = action

        # Ctrl+Tab and Ctrl+PgDown switch tabs from anywhere, also from inside a table that
        # would otherwise keep the keys for itself.
        for keys, step in (
            ("Ctrl+Tab", 1),
            ("Ctrl+PgDown", 1),
            ("Ctrl+Shift+Tab", -1),
            ("Ctrl+Backtab", -1),
            ("Ctrl+PgUp", -1),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(partial(self.switch_tab, step))

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About Tensor Workbench", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    # --- export ---------------------------------------------------------------------------
    def sections(self) -> list[Section]:
        return [page.notebook_section() for page in self.pages]

    def export_notebook(self, path: str | Path) -> Path:
        """The whole session as one .ipynb: a section per tab that rebuilds what it shows."""
        return write_notebook(self.sections(), path, EXPORT_TITLE)

    def export_script(self, path: str | Path) -> Path:
        """The same as one .py file."""
        return write_script(self.sections(), path, EXPORT_TITLE)

    def ask_export_notebook(self) -> None:
        self._ask_export("notebook", "session.ipynb", NOTEBOOK_FILTER, self.export_notebook)

    def ask_export_script(self) -> None:
        self._ask_export("script", "session.py", SCRIPT_FILTER, self.export_script)

    def _ask_export(
        self, kind: str, name: str, filters: str, export: Callable[[str], Path]
    ) -> None:
        path, _ = ask_save_file(self, f"Export the session as a {kind}", "export", name, filters)
        if not path:
            return
        try:
            written = export(path)
        except OSError as exc:
            self.statusBar().showMessage(f"Nothing was exported: {exc}", 10_000)
            QMessageBox.warning(self, "Export", f"Nothing was exported.\n\n{exc}")
            return
        self.statusBar().showMessage(f"Exported the session to {written}", 10_000)

    def switch_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def set_theme(self, theme: Theme) -> None:
        apply_theme(theme)
        self.theme_actions[theme].setChecked(True)

    # --- engine state -------------------------------------------------------------------
    def show_engine_state(self, text: str) -> None:
        self.engine_state.setText(text)
        asked = self.devices is not None or self.device_jobs.busy
        if self.worker.versions and not asked and not self.worker.closing:  # TensorFlow is in
            self.device_jobs.submit("List devices", visible_devices, on_result=self._show_devices)

    def _show_devices(self, devices: Devices) -> None:
        self.devices = devices
        self.devices_state.setText(devices.status_text())

    def about_text(self) -> str:
        versions = self.worker.versions
        loading = "loading…" if not self.worker.is_ready else "not available"
        rows = [
            (APP_NAME, __version__),
            ("TensorFlow", versions.get("TensorFlow", loading)),
            ("Keras", versions.get("Keras", loading)),
            ("Qt", qVersion()),
            ("PySide6", pyside_version),
            ("Python", platform.python_version()),
            ("Devices", self.devices.status_text() if self.devices else loading),
        ]
        table = "".join(f"<tr><td>{name}</td><td><b>{value}</b></td></tr>" for name, value in rows)
        return (
            f"<h3>{APP_NAME}</h3><p>Explore TensorFlow hands-on and offline: tensors, "
            f"gradients, ranks and MNIST training.</p><table cellspacing='6'>{table}</table>"
        )

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(f"About {APP_NAME}")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setText(self.about_text())
        box.open()  # not exec(): the engine keeps reporting while the box is up

    # --- layout persistence -------------------------------------------------------------
    def _splitters(self) -> list[QSplitter]:
        return [s for s in self.findChildren(QSplitter) if s.objectName()]

    def restore_layout(self) -> None:
        store = self.store
        geometry = store.read_blob("window/geometry")
        if geometry is not None and not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        index = store.read_int("window/tab", 0)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
        for splitter in self._splitters():
            state = store.read_blob(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        chosen = store.read("window", WindowSettings())
        self.set_theme(Theme(chosen.theme) if chosen.theme in THEMES else Theme.SYSTEM)
        folders = store.read("folders", file_dialogs.RecentFolders())
        for name, value in vars(folders).items():
            setattr(file_dialogs.FOLDERS, name, value)
        for page in self.pages:
            page.apply_settings(store.read(page.settings_group, page.settings()))

    def save_layout(self) -> None:
        store = self.store
        store.write_value("window/geometry", self.saveGeometry())
        store.write_value("window/tab", self.tabs.currentIndex())
        for splitter in self._splitters():
            store.write_value(f"splitters/{splitter.objectName()}", splitter.saveState())
        store.write("window", WindowSettings(theme=theme_choice().value))
        store.write("folders", file_dialogs.FOLDERS)
        for page in self.pages:
            store.write(page.settings_group, page.settings())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.save_layout()
        self.hide()  # the window goes at once; the engine may need a moment to wind down
        for page in self.pages:
            page.shutdown()
        self.device_jobs.cancel()
        # Waiting on the TensorFlow import would only freeze the event loop: it cannot be cut
        # short, and the worker ends by itself right after it.
        self.worker.shutdown(SHUTDOWN_TIMEOUT_S if self.worker.is_ready else 0.0)
        super().closeEvent(event)
