"""Entry point: `tensor-workbench`, `python -m desktop`."""

from __future__ import annotations

import argparse
import sys

from desktop import APP_NAME, ORG_NAME, __version__


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tensor-workbench", description=f"{APP_NAME} desktop app")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--quit-when-shown",
        action="store_true",
        help="print 'shown' once the window is on screen and quit (start-up checks)",
    )
    parser.add_argument("--tab", type=int, help="open at this tab (0-3)")
    return parser.parse_known_args(argv)[0]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Qt is imported only now, so that `--version` answers at once.
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.crash import CrashReporter, setup_logging
    from desktop.main_window import MainWindow
    from resources import resource_path

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("tensor-workbench")
    app.setWindowIcon(QIcon(str(resource_path("icon.svg"))))

    reporter = CrashReporter(setup_logging())
    reporter.install()
    window = MainWindow()
    if args.tab is not None and 0 <= args.tab < window.tabs.count():
        window.tabs.setCurrentIndex(args.tab)
    window.show()
    if args.quit_when_shown:
        QTimer.singleShot(0, lambda: (print("shown", flush=True), window.close()))
    try:
        return app.exec()  # a worker still importing TensorFlow is waited for at exit
    finally:
        reporter.uninstall()
