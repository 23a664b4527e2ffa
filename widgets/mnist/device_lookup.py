"""The devices TensorFlow sees (engine.mnist.devices), asked once on the engine thread: the tab
offers MirroredStrategy when there is more than one to train on."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from engine.mnist.devices import Devices, visible_devices
from engine.worker import Worker
from widgets.shared.jobs import JobChannel, Policy


class DeviceLookup(QObject):
    found = Signal(Devices)

    def __init__(self, worker: Worker, owner: str, parent: QObject | None = None):
        super().__init__(parent)
        self.jobs = JobChannel(worker, owner, Policy.EXCLUSIVE, self)
        self.devices: Devices | None = None

    @property
    def replicas(self) -> int:
        """The copies of the model a mirrored run trains (1 until the devices are known)."""
        return self.devices.replicas if self.devices is not None else 1

    def look(self) -> None:
        if self.devices is None and not self.jobs.busy:
            self.jobs.submit("List devices", visible_devices, on_result=self._found)

    def _found(self, devices: Devices) -> None:
        self.devices = devices
        self.found.emit(devices)
