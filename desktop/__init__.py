"""The application shell: QApplication, main window, menus, settings and the crash dialog."""

__version__ = "0.1.0"
APP_NAME = "Tensor Workbench"
ORG_NAME = "Tensor Workbench"
