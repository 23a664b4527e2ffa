"""The two training paths the benchmarks compare, and an event-loop stall meter.

(a) plain: the classic notebook's `model.fit(..., verbose=0)` with no callbacks, in a fresh
    Python process (an epoch timer is the only addition: it reads a clock, nothing more).
(b) app: the real main window offscreen; the MNIST Trainer's Train button path, through the
    engine worker, with the GUI's progress callback and live curves.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from common import ROOT

PLAIN_SCRIPT = """
import json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import numpy as np, keras
with np.load(sys.argv[1]) as f:
    x, y = f["x_train"], f["y_train"]
x = x.reshape((60000, 28 * 28)).astype("float32") / 255
keras.utils.set_random_seed(int(sys.argv[3]))
model = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
times = []
class EpochClock(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        times.append(time.perf_counter() - self.started)
model.fit(x, y, epochs=int(sys.argv[2]), batch_size=128, verbose=0, callbacks=[EpochClock()])
print(json.dumps(times))
"""


def plain_epoch_seconds(epochs: int, seed: int = 1) -> list[float]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PLAIN_SCRIPT,
            str(ROOT / "resources" / "mnist.npz"),
            str(epochs),
            str(seed),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class AppTrainer:
    """The real window, kept open across rounds, driven through the MNIST Trainer tab."""

    def __init__(self):
        from PySide6.QtCore import QSettings, QTemporaryDir
        from PySide6.QtWidgets import QApplication

        from desktop.main_window import MainWindow

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.scratch = QTemporaryDir()
        settings = QSettings(self.scratch.filePath("s.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(settings=settings)
        self.window.resize(1400, 900)
        self.window.show()
        self.window.tabs.setCurrentIndex(3)
        self.tab = self.window.tabs.widget(3)
        self.controller = self.tab.controller
        self.reports = 0  # progress reports of the current run, counted here
        self.controller.progressed.connect(self._count_report)
        self.pump(
            lambda: self.window.worker.is_ready and self.controller.data_source.data is not None
        )

    def _count_report(self, _progress) -> None:
        self.reports += 1

    def pump(self, done, timeout_s: float = 1800) -> None:
        """Run the event loop (blocking, as app.exec() does) until ``done()`` is true."""
        from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot

        loop = QEventLoop()
        end = time.monotonic() + timeout_s

        class Check(QObject):
            @Slot()
            def check(self):
                if done() or time.monotonic() > end:
                    loop.quit()

        checker = Check()
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(checker.check)
        timer.start()
        if not done():
            loop.exec()
        timer.stop()
        if not done():
            raise TimeoutError("the app did not finish in time")

    def train(self, epochs: int, seed: int = 1, meter: StallMeter | None = None):
        fields = self.tab.form.fields
        for key, value in (
            ("epochs", epochs),
            ("batch_size", 128),
            ("validation_split", 0),
            ("limit", ""),
            ("seed", seed),
            ("learning_rate", 0.001),
        ):
            fields[key].setText(str(value))
        if meter is not None:
            meter.phase = self.phase
            meter.start()
        self.reports = 0
        self.tab.run_bar.train_button.click()
        self.pump(lambda: not self.controller.training)
        if meter is not None:
            meter.stop()
        result = self.controller.result
        assert result.report.updates_done == 469 * epochs, result.report.updates_done
        return result.report, result.evaluation

    def phase(self) -> str:
        """'training' from the first progress report until the run's result arrives."""
        if self.controller.training and self.reports > 0:
            return "training"
        return "edges"

    def close(self) -> None:
        self.window.close()


class StallMeter:
    """A GUI-thread timer at a 5 ms period: any longer gap is time the event loop was blocked."""

    PERIOD_MS = 5

    def __init__(self):
        from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Slot

        class Ticker(QObject):
            def __init__(self, outer):
                super().__init__()
                self.outer = outer

            @Slot()
            def tick(self):
                self.outer.gaps.append(self.outer.clock.restart())
                self.outer.phases.append(self.outer.phase())

        self.gaps: list[int] = []
        self.phases: list[str] = []
        self.phase = lambda: ""  # what the app is doing, sampled at each tick
        self.clock = QElapsedTimer()
        self.ticker = Ticker(self)
        self.timer = QTimer()
        self.timer.setInterval(self.PERIOD_MS)
        self.timer.timeout.connect(self.ticker.tick)

    def start(self) -> None:
        self.gaps.clear()
        self.phases.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def stalls_ms(self, phase: str | None = None) -> list[int]:
        """Sorted stalls; with ``phase``, only the ticks that ended in that phase."""
        return sorted(
            max(0, gap - self.PERIOD_MS)
            for gap, seen in zip(self.gaps, self.phases, strict=True)
            if phase is None or seen == phase
        )
