"""The MNIST Trainer's settings: the model builder with its presets, compile options and fit
options, each text field with its own error line right beneath it."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.architecture import PRESETS, Preset
from engine.mnist.layer_spec import format_layers
from engine.mnist.model import DEFAULT_LEARNING_RATES, LOSSES, OPTIMIZERS
from widgets.mnist.inputs import FormText, SettingsCheck, stored_layers
from widgets.mnist.layer_list import LayerList
from widgets.mnist.muted_label import MutedLabel
from widgets.mnist.settings import MnistSettings
from widgets.shared.message_line import MessageLine

TIPS = {
    "epochs": "How many times the whole training set is passed through the model",
    "batch_size": "Samples per gradient update; the last batch of an epoch may be smaller",
    "learning_rate": "Step size of the optimizer (Keras default: 0.001 for rmsprop and adam)",
    "validation_split": "Fraction held back from the END of the training set to validate on "
    "after each epoch (0 = none), exactly as Keras's validation_split",
    "seed": "keras.utils.set_random_seed(seed): same seed and settings, same numbers",
    "limit": "Train and test on only the first N samples (blank = all): quick experiments",
}
LABELS = {
    "epochs": "Epochs",
    "batch_size": "Batch size",
    "learning_rate": "Learning rate",
    "validation_split": "Validation split",
    "seed": "Seed",
    "limit": "Use first N samples",
}
MAX_STORED_TEXT = 40  # a longer stored value was not typed into these short fields


class SettingsForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self.field_messages: dict[str, MessageLine] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._model_group())
        layout.addWidget(self._compile_group())
        layout.addWidget(self._fit_group())
        for edit in self.fields.values():
            edit.textChanged.connect(self.changed)
        self.optimizer_combo.currentTextChanged.connect(self._optimizer_changed)
        self.loss_combo.currentTextChanged.connect(self.changed)
        self.layer_list.changed.connect(self.changed)
        self.distribute_box.toggled.connect(self.changed)
        self.replicas = 1  # devices a mirrored run trains on (set_devices)

    # --- layout ----------------------------------------------------------------------------
    def _field(self, name: str, form: QFormLayout) -> None:
        edit = QLineEdit(getattr(MnistSettings(), name))
        edit.setObjectName(f"{name}Edit")
        edit.setToolTip(TIPS[name])
        edit.setAccessibleName(LABELS[name])
        if name == "limit":
            edit.setPlaceholderText("all")
        message = MessageLine()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(message)
        form.addRow(LABELS[name], holder)
        self.fields[name] = edit
        self.field_messages[name] = message

    def _model_group(self) -> QGroupBox:
        box = QGroupBox("Model: keras.Sequential")
        layout = QVBoxLayout(box)
        presets = QHBoxLayout()
        presets.addWidget(QLabel("Presets:"))
        self.preset_buttons: list[QPushButton] = []
        for preset in PRESETS:
            button = QPushButton(preset.name)
            button.setToolTip(
                f"{format_layers(preset.layers)}; {preset.epochs} epochs, batch "
                f"{preset.batch_size}, {preset.optimizer} at {preset.learning_rate:g}"
            )
            button.setAccessibleName(f"Preset {preset.name}")
            button.clicked.connect(partial(self.apply_preset, preset))
            presets.addWidget(button)
            self.preset_buttons.append(button)
        presets.addStretch(1)
        self.layer_list = LayerList()
        self.layers_message = MessageLine()
        self.shapes_label = MutedLabel()
        self.shapes_label.setObjectName("shapesLabel")
        self.shapes_label.setToolTip(
            "One sample's shape after each layer, without the batch axis (None in model.summary())"
        )
        self.params_label = QLabel()
        layout.addLayout(presets)
        layout.addWidget(self.layer_list)
        layout.addWidget(self.shapes_label)
        layout.addWidget(self.params_label)
        layout.addWidget(self.layers_message)
        return box

    def apply_preset(self, preset: Preset) -> None:
        """The preset's layers and its epochs, batch size, optimizer and learning rate."""
        self.blockSignals(True)  # one change, not five
        self.layer_list.set_layers(preset.layers)
        self.fields["epochs"].setText(str(preset.epochs))
        self.fields["batch_size"].setText(str(preset.batch_size))
        self.optimizer_combo.setCurrentText(preset.optimizer)
        self.fields["learning_rate"].setText(str(preset.learning_rate))
        self.blockSignals(False)
        self.changed.emit()

    def _compile_group(self) -> QGroupBox:
        box = QGroupBox("Compile")
        form = QFormLayout(box)
        self.optimizer_combo = QComboBox()
        self.optimizer_combo.addItems(OPTIMIZERS)
        self.optimizer_combo.setToolTip("rmsprop as in the classic example; adam; plain sgd")
        self.optimizer_combo.setAccessibleName("Optimizer")
        form.addRow("Optimizer", self.optimizer_combo)
        self._field("learning_rate", form)
        self.loss_combo = QComboBox()
        self.loss_combo.addItems(LOSSES)
        self.loss_combo.setToolTip(
            "sparse_categorical_crossentropy takes integer labels; categorical_crossentropy "
            "takes one-hot labels (the trainer converts them)"
        )
        self.loss_combo.setAccessibleName("Loss")
        form.addRow("Loss", self.loss_combo)
        metrics = QLabel("accuracy")
        metrics.setToolTip("The fraction of samples whose most probable class is the true one")
        form.addRow("Metrics", metrics)
        return box

    def _fit_group(self) -> QGroupBox:
        box = QGroupBox("Fit")
        form = QFormLayout(box)
        for name in ("epochs", "batch_size", "validation_split", "seed", "limit"):
            self._field(name, form)
        self.distribute_box = QCheckBox("Distribute: MirroredStrategy")
        self.distribute_box.setObjectName("distributeBox")
        self.distribute_box.setToolTip(
            "tf.distribute.MirroredStrategy: a copy of the model on every device; each takes "
            "its share of every batch and their gradients are averaged into one update"
        )
        self.distribute_box.hide()  # shown when TensorFlow sees more than one device
        form.addRow(self.distribute_box)
        self.updates_label = QLabel()
        self.updates_label.setObjectName("updatesLabel")
        self.updates_label.setWordWrap(True)
        self.updates_label.setToolTip(
            "One gradient update per batch: ceil(training samples / batch size) per epoch"
        )
        form.addRow(self.updates_label)
        return box

    def _optimizer_changed(self, name: str) -> None:
        # Each optimizer has its own sensible default step size; follow it unless edited.
        current = self.fields["learning_rate"].text().strip()
        if current in {str(v) for v in DEFAULT_LEARNING_RATES.values()}:
            self.fields["learning_rate"].setText(str(DEFAULT_LEARNING_RATES[name]))
        self.changed.emit()

    # --- reading and showing --------------------------------------------------------------
    def form_text(self) -> FormText:
        text = {name: edit.text() for name, edit in self.fields.items()}
        return FormText(
            epochs=text["epochs"],
            batch_size=text["batch_size"],
            learning_rate=text["learning_rate"],
            validation_split=text["validation_split"],
            seed=text["seed"],
            limit=text["limit"],
            optimizer=self.optimizer_combo.currentText(),
            loss=self.loss_combo.currentText(),
            layers=self.layer_list.layers(),
            distribute=self.distribute_box.isChecked() and self.replicas > 1,
        )

    def set_devices(self, replicas: int, devices: str) -> None:
        """Offer MirroredStrategy when there is more than one device to mirror the model on."""
        self.replicas = replicas
        self.distribute_box.setVisible(replicas > 1)
        self.distribute_box.setText(f"Distribute: MirroredStrategy over {replicas} devices")
        self.distribute_box.setAccessibleDescription(devices)
        self.changed.emit()

    def show_check(self, check: SettingsCheck) -> None:
        """Put each error beside its field and refresh the update arithmetic."""
        errors = check.errors
        for name, label in self.field_messages.items():
            if name in errors:
                label.show_error(errors[name])
            else:
                label.clear_message()
        description = check.description
        self.layer_list.show_description(description)
        if description.problem:
            self.layers_message.show_error(description.problem)
        elif "layers" in errors:
            bad = [str(i) for i, row in enumerate(description.rows, 1) if row.problem]
            self.layers_message.show_error(
                f"Layer {', '.join(bad)} cannot build (see the message beneath it): "
                "fix it to train."
            )
        else:
            self.layers_message.clear_message()
        self.shapes_label.setText(f"One sample: {description.shape_path()}")
        self.params_label.setText(f"Trainable parameters: <b>{description.params:,}</b>")
        if check.settings is not None:
            arithmetic = check.settings.updates_text(check.samples, self.replicas)
            self.updates_label.setText(f"Gradient updates: <b>{arithmetic}</b>")
        else:
            self.updates_label.setText("Gradient updates: fix the settings marked in red")

    # --- persistence -----------------------------------------------------------------------
    def store_into(self, settings: MnistSettings) -> MnistSettings:
        """``settings`` with the form's fields as typed."""
        form = self.form_text()
        return replace(
            settings,
            epochs=form.epochs,
            batch_size=form.batch_size,
            learning_rate=form.learning_rate,
            validation_split=form.validation_split,
            seed=form.seed,
            limit=form.limit,
            optimizer=form.optimizer,
            loss=form.loss,
            layers=format_layers(form.layers),
            distribute=self.distribute_box.isChecked(),
        )

    def apply(self, settings: MnistSettings) -> None:
        """Show stored settings; values the form cannot take keep what it shows."""
        for name, edit in self.fields.items():
            value = getattr(settings, name)
            if len(value) < MAX_STORED_TEXT:
                edit.setText(value)
        for value, combo in (
            (settings.optimizer, self.optimizer_combo),
            (settings.loss, self.loss_combo),
        ):
            if combo.findText(value) >= 0:
                combo.setCurrentText(value)
        layers = stored_layers(settings.layers)
        if layers:
            self.layer_list.set_layers(layers)
        self.distribute_box.setChecked(settings.distribute)
