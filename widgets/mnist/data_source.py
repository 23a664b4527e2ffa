"""Where the trainer's data comes from: loading it on the engine (converted for training at once),
falling back to MNIST when a remembered file has gone, and the subset a run uses."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from engine.mnist.code import DataRecipe
from engine.mnist.data_origin import DataOrigin, LoadedData, data_origin
from engine.mnist.training import TrainingSession, load_and_prepare
from engine.shared.jobs import JobFailure
from engine.shared.mnist_data import MnistData
from engine.worker import Worker
from widgets.mnist.messages import Notice
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import Severity


class DataSource(QObject):
    loaded = Signal(MnistData)  # the data now in use
    notice_changed = Signal(object)  # a Notice for the Data box, or None to clear it

    def __init__(
        self, worker: Worker, session: TrainingSession, owner: str, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.session = session  # converts the data for training as it loads
        self.jobs = JobChannel(worker, owner, Policy.EXCLUSIVE, self)
        self.data: MnistData | None = None
        self.origin: DataOrigin | None = None  # the file(s) ``data`` was read from
        self.path: str | None = None  # None: the default lookup (Keras's cache, then bundled)
        self.notice: Notice | None = None
        self._loading_path: str | None = None  # the path the job in flight reads
        self._fall_back = False  # that path failed with nothing loaded: load MNIST next
        self._subset: tuple[MnistData, int, MnistData] | None = None  # (data, limit, subset)

    def recipe(self, limit: int | None) -> DataRecipe:
        """The data a run with this limit uses, as the code reads it: the loaded file (before
        anything has loaded, the file that will be read) and the limit, when it cuts any."""
        origin = self.origin or data_origin(self.path)
        data = self.data
        cuts = data is not None and limit is not None and self.subset(limit) is not data
        return DataRecipe(origin, limit if cuts or data is None else None)

    def subset(self, limit: int | None) -> MnistData | None:
        """The data, or its first ``limit`` samples; None before anything has loaded."""
        if self.data is None:
            return None
        if not limit or limit >= len(self.data.x_train):
            return self.data
        # The same subset object each time, so the engine's float32 cache is reused.
        cached = self._subset
        if cached is None or cached[0] is not self.data or cached[1] != limit:
            cached = (self.data, limit, self.data.subset(limit))
            self._subset = cached
        return cached[2]

    def load(self, path: str | None) -> None:
        """Load ``path`` (None: Keras's cache, else the bundled MNIST); refused while one runs."""
        request = self.jobs.submit(
            "Load MNIST data",
            partial(load_and_prepare, self.session, path),
            on_result=self._loaded,
            on_failed=self._failed,
            on_finished=self._finished,
        )
        if request is None:
            return
        self._loading_path = path
        waiting = self.jobs.blocked_by()
        self._set_notice(Notice(f"Waiting {waiting}…" if waiting else "Loading the data…"))

    def _set_notice(self, notice: Notice | None) -> None:
        self.notice = notice
        self.notice_changed.emit(notice)

    def _loaded(self, loaded: LoadedData) -> None:
        data = loaded.data
        fell_back = self.data is None and self.notice is not None and self.notice.is_error
        self.data = data
        self.origin = loaded.origin
        self.path = self._loading_path
        if not fell_back:
            self._set_notice(None)
        self.loaded.emit(data)

    def _failed(self, failure: JobFailure) -> None:
        kept = " The previous data stays loaded." if self.data is not None else ""
        self._fall_back = self.data is None and self._loading_path is not None
        if self._fall_back:  # e.g. a remembered file that has gone: use MNIST meanwhile
            kept = " Using MNIST instead."
        self._set_notice(
            Notice(f"Could not open the data: {failure.message}.{kept}", Severity.ERROR)
        )

    def _finished(self) -> None:
        if self._fall_back:
            self._fall_back = False
            why = self.notice
            self.load(None)
            self._set_notice(why)  # keep saying why
