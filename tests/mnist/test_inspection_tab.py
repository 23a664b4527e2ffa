"""Inspecting a trained model in the tab, with a real engine: a confusion-matrix cell filters
the gallery, the per-class table agrees with the test set, a gallery digit or the drawing gets
its saliency map (whose code, run in a fresh Python, prints the same numbers), a conv model's
feature maps, and the notebook's saliency cell."""

from __future__ import annotations

import numpy as np
from demo_states import SEVEN
from fresh_python import OFFLINE, run_notebook, run_python
from PySide6.QtCore import Qt

from engine.shared.notebook import build_notebook
from widgets.mnist.feature_maps_panel import NO_CONV, NO_DIGIT
from widgets.mnist.inspection_controller import NO_DIGIT as NO_DIGIT_SALIENCY
from widgets.mnist.inspection_controller import NO_MODEL, TRAINING
from widgets.mnist.results import NO_DENSE_WEIGHTS

TIMEOUT = 120_000
SMALL_DENSE = {"limit": 2000, "epochs": 2, "batch_size": 64}


def set_fields(tab, **values):
    for name, value in values.items():
        tab.form.fields[name].setText(str(value))


def train(qtbot, tab, **fields):
    set_fields(tab, **(fields or SMALL_DENSE))
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    assert tab.controller.evaluation is not None


def idle(qtbot, tab):
    qtbot.waitUntil(lambda: not tab.controller.worker.busy, timeout=TIMEOUT)


def more(total):
    return "; the first 200 shown" if total > 200 else ""


def click_cell(qtbot, table, row, column):
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_digit(qtbot, grid, position):
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid._rect(position).center())


def answers(tab):
    """Every test digit's answer, asked of the model here rather than read from the tab."""
    data = tab.controller.current_data()
    model = tab.controller.session.model
    x = data.x_test.reshape((len(data.x_test), *model.inputs[0].shape[1:])) / np.float32(255)
    return data.y_test, np.argmax(model.predict(x, verbose=0), axis=1)


def test_a_confusion_cell_filters_the_gallery_and_clear_filter_returns(qtbot, tab):
    train(qtbot, tab)
    confusion, gallery, details = tab.results.confusion, tab.details.gallery, tab.details
    labels, predicted = answers(tab)
    wrong = int(np.sum(labels != predicted))
    everything = f"{wrong:,} mistakes in 2,000 test digits{more(wrong)}"
    assert gallery.heading.accessibleName() == everything
    assert len(gallery.grid.images) == min(200, wrong)
    # The most confused pair, clicked.
    off = tab.controller.evaluation.confusion.copy()
    np.fill_diagonal(off, 0)
    true, guess = np.unravel_index(np.argmax(off), off.shape)
    details.setCurrentIndex(details.indexOf(details.feature_maps))
    click_cell(qtbot, confusion, true, guess)
    expected = np.flatnonzero((labels == true) & (predicted == guess))
    n = len(expected)
    assert n == off[true, guess] > 1
    assert details.currentWidget() is gallery
    assert gallery.heading.accessibleName() == f"{n} test digits: true {true}, predicted {guess}"
    assert gallery.grid.captions == [f"{true} → {guess}"] * n
    images = tab.controller.current_data().x_test[expected]
    for shown, image in zip(gallery.grid.images, images, strict=True):
        pixels = np.array([[shown.pixelColor(x, y).red() for x in range(28)] for y in range(28)])
        np.testing.assert_array_equal(pixels, image)
    assert gallery.clear_button.isEnabled()
    assert confusion.item(true, guess).font().bold()
    # The diagonal, from the keyboard: the right answers for that digit.
    confusion.setFocus()
    confusion.setCurrentCell(int(true), int(guess))
    for _ in range(abs(int(guess) - int(true))):
        qtbot.keyClick(confusion, Qt.Key.Key_Left if guess > true else Qt.Key.Key_Right)
    qtbot.keyClick(confusion, Qt.Key.Key_Space)
    right = int(np.sum((labels == true) & (predicted == true)))
    assert gallery.heading.accessibleName() == (
        f"{right} test digits: true {true}, predicted {true} (right){more(right)}"
    )
    assert len(gallery.grid.images) == min(200, right)
    assert set(gallery.grid.captions) == {f"{true} → {true}"}
    assert not any(gallery.grid.marked)  # right answers are not captioned as mistakes
    assert (
        confusion.item(true, true).font().bold() and not confusion.item(true, guess).font().bold()
    )
    gallery.clear_button.click()
    assert gallery.heading.accessibleName() == everything
    assert not gallery.clear_button.isEnabled() and not confusion.item(true, true).font().bold()
    # The per-class table beside the matrix agrees with the answers themselves.
    table = tab.results.classes.table
    for row in range(10):
        digit = int(table.item(row, 0).text())
        recall = np.mean(predicted[labels == digit] == digit)
        precision = np.mean(labels[predicted == digit] == digit)
        assert table.item(row, 2).text() == f"{recall:.3f}"
        assert table.item(row, 1).text() == f"{precision:.3f}"
        assert table.item(row, 4).text() == f"{np.sum(labels == digit):,}"


def test_a_gallery_digit_s_saliency_and_its_code_with_a_saved_model(qtbot, tab, tmp_path):
    details, inspection = tab.details, tab.controller.inspection
    details.setCurrentWidget(details.saliency)
    assert details.saliency.hint.text() == NO_MODEL
    train(qtbot, tab)
    assert details.saliency.hint.text() == NO_DIGIT_SALIENCY
    path = tmp_path / "model.keras"
    tab.controller.save_model(str(path))
    qtbot.waitUntil(lambda: inspection.model_file == str(path), timeout=TIMEOUT)
    details.setCurrentWidget(details.gallery)
    click_digit(qtbot, details.gallery.grid, 1)
    assert details.currentWidget() is details.saliency
    qtbot.waitUntil(lambda: inspection.saliency is not None, timeout=TIMEOUT)
    shown = inspection.saliency
    index = int(inspection.shown.gallery.indices[1])
    data = tab.controller.current_data()
    np.testing.assert_array_equal(shown.subject.image, data.x_test[index])
    assert shown.subject.title.startswith(f"test digit #{index:,}: true {data.y_test[index]}")
    panel = details.saliency
    assert f"probability {shown.saliency.probability:.4f}" in panel.result.text()
    code = panel.code_pane.code()
    assert code == shown.code and f"keras.models.load_model({str(path)!r})" in code
    out = tmp_path / "saliency.npy"
    done = run_python("-c", code + f"np.save({str(out)!r}, saliency)\n", cwd=tmp_path, env=OFFLINE)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout.strip().splitlines()[0]
    s = shown.saliency
    assert printed == f"predicted {s.predicted} with probability {s.probability:.4f}"
    np.testing.assert_allclose(np.load(out), s.gradient, rtol=1e-5, atol=1e-8)


def test_the_drawing_s_saliency_follows_the_strokes_and_its_code_trains_the_model(
    qtbot, tab, tmp_path
):
    details, inspection, canvas = tab.details, tab.controller.inspection, tab.digit_panel.canvas
    train(qtbot, tab, limit=1000, epochs=1, batch_size=100)
    details.setCurrentWidget(details.saliency)
    canvas.draw_stroke(SEVEN)
    qtbot.waitUntil(
        lambda: inspection.saliency is not None and tab.controller.drawing.current,
        timeout=TIMEOUT,
    )
    idle(qtbot, tab)
    shown = inspection.saliency
    prediction = tab.controller.drawing.prediction
    assert shown.subject.title == "your drawing" and shown.subject.drawing is not None
    np.testing.assert_array_equal(shown.saliency.image, prediction.image)  # cropped, centred
    assert shown.saliency.predicted == prediction.digit
    assert details.saliency.drawing.isVisible()
    assert not details.saliency.drawing_button.isEnabled()
    # No model file: the code trains the model first (the Keras code), then the tape.
    code = details.saliency.code_pane.code()
    assert "model.fit(" in code and "load_model" not in code
    assert code.index("model.fit(") < code.index("with tf.GradientTape() as tape:")
    out = tmp_path / "saliency.npy"
    done = run_python(
        "-c", code + f"np.save({str(out)!r}, saliency)\n", cwd=tmp_path, env=OFFLINE, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    np.testing.assert_allclose(np.load(out), shown.saliency.gradient, rtol=1e-4, atol=1e-7)
    # A gallery digit replaces the drawing; erasing the drawing leaves it, new strokes do not;
    # "Use the drawing" brings the drawing back.
    drawing = tab.controller.drawing
    details.setCurrentWidget(details.gallery)
    click_digit(qtbot, details.gallery.grid, 0)
    qtbot.waitUntil(lambda: inspection.saliency.subject.title.startswith("test digit"))
    canvas.clear()
    qtbot.waitUntil(lambda: drawing.current and not drawing.jobs.busy, timeout=TIMEOUT)
    idle(qtbot, tab)
    assert inspection.saliency.subject.title.startswith("test digit")
    canvas.draw_stroke(SEVEN)
    qtbot.waitUntil(lambda: inspection.saliency.subject.title == "your drawing", timeout=TIMEOUT)
    details.setCurrentWidget(details.gallery)
    click_digit(qtbot, details.gallery.grid, 0)
    qtbot.waitUntil(lambda: inspection.saliency.subject.title.startswith("test digit"))
    details.saliency.drawing_button.click()
    qtbot.waitUntil(lambda: inspection.saliency.subject.title == "your drawing")
    canvas.clear()
    qtbot.waitUntil(lambda: details.saliency.stack.currentWidget() is details.saliency.hint)
    assert details.saliency.hint.text() == NO_DIGIT_SALIENCY


def test_maps_are_computed_only_on_screen_and_the_latest_request_wins(qtbot, tab):
    details, inspection = tab.details, tab.controller.inspection
    train(qtbot, tab)
    details.setCurrentWidget(details.summary_text)
    tab.digit_panel.canvas.draw_stroke(SEVEN)
    qtbot.waitUntil(lambda: tab.controller.drawing.current, timeout=TIMEOUT)
    idle(qtbot, tab)
    assert inspection.saliency is None and inspection.maps is None  # nobody was looking
    details.setCurrentWidget(details.saliency)
    qtbot.waitUntil(lambda: inspection.saliency is not None, timeout=TIMEOUT)
    assert inspection.maps is None  # only what is on screen
    shown = []
    inspection.saliency_shown.connect(shown.append)
    for position in range(5):  # quicker than the engine answers
        inspection.choose_listed(position)
    idle(qtbot, tab)
    qtbot.wait(50)
    index = int(inspection.shown.gallery.indices[4])
    assert [s.subject.title.split(":")[0] for s in shown] == [f"test digit #{index:,}"]
    # While a new model trains, the map waits for it, and then shows the same digit with it.
    panel = details.saliency
    tab.run_bar.train_button.click()
    assert panel.hint.text() == TRAINING and panel.stack.currentWidget() is panel.hint
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=TIMEOUT)
    assert shown[1].subject is shown[0].subject and panel.stack.currentIndex() == 1


def test_a_conv_model_loaded_from_a_file_shows_its_feature_maps(qtbot, tab, tmp_path):
    import keras

    from engine.mnist.architecture import build, describe, prepare
    from engine.mnist.inspection import feature_maps
    from engine.mnist.layer_spec import parse_layers

    data = tab.controller.current_data().subset(1000)
    layers = parse_layers("conv6k3,pool2,conv8k3,pool2,flatten,dense10")
    keras.utils.set_random_seed(2)
    model = build(layers)
    model.compile("adam", "sparse_categorical_crossentropy")
    x = prepare(data.x_train, describe(layers).input_shape)
    model.fit(x, data.y_train.astype("int32"), epochs=1, batch_size=50, verbose=0)
    path = tmp_path / "conv.keras"
    model.save(path)
    details, inspection = tab.details, tab.controller.inspection
    details.setCurrentWidget(details.feature_maps)
    panel = details.feature_maps
    assert panel.message.text() == NO_MODEL
    tab.controller.load_model(str(path))
    qtbot.waitUntil(lambda: inspection.maps is not None, timeout=TIMEOUT)
    idle(qtbot, tab)
    # No digit chosen yet: each conv layer's filters.
    assert panel.message.text() == NO_DIGIT
    assert [len(view.kernels.images) for view in panel.layers] == [6, 8]
    # The evaluation of the loaded model (its own job) says why there are no weight images.
    qtbot.waitUntil(
        lambda: tab.details.weights_grid.placeholder == NO_DENSE_WEIGHTS, timeout=TIMEOUT
    )
    # A test digit from a confusion cell: its activations, as Keras computes them.
    details.setCurrentWidget(details.gallery)
    click_digit(qtbot, details.gallery.grid, 0)
    details.setCurrentWidget(details.feature_maps)
    qtbot.waitUntil(lambda: inspection.maps.subject is not None, timeout=TIMEOUT)
    image = inspection.maps.subject.image
    loaded = keras.models.load_model(path)
    expected = feature_maps(loaded, image)
    for view, maps in zip(panel.layers, expected, strict=True):
        np.testing.assert_allclose(view.layer.activations, maps.activations, rtol=1e-5, atol=1e-6)
        assert len(view.activations.images) == maps.activations.shape[-1]
    assert "(26, 26, 6)" in panel.layers[0].heading.text()
    assert "(11, 11, 8)" in panel.layers[1].heading.text()
    # Its saliency works the same way.
    details.setCurrentWidget(details.saliency)
    qtbot.waitUntil(lambda: inspection.saliency is not None, timeout=TIMEOUT)
    assert inspection.saliency.saliency.input_shape == (28, 28, 1)


def test_a_dense_model_says_it_has_no_feature_maps(qtbot, tab):
    train(qtbot, tab)
    tab.details.setCurrentWidget(tab.details.feature_maps)
    qtbot.waitUntil(lambda: tab.controller.inspection.maps is not None, timeout=TIMEOUT)
    assert tab.details.feature_maps.message.text() == NO_CONV
    assert len(tab.details.weights_grid.images) == 32  # the first layer's weights, as before


def test_the_notebook_gains_the_saliency_cell_of_the_digit_shown(qtbot, tab, tmp_path):
    details, inspection = tab.details, tab.controller.inspection
    train(qtbot, tab, limit=1000, epochs=1, batch_size=100)
    assert len(tab.notebook_section().cells) == 1  # no saliency on screen yet
    click_digit(qtbot, details.gallery.grid, 2)
    qtbot.waitUntil(lambda: inspection.saliency is not None, timeout=TIMEOUT)
    s = inspection.saliency.saliency
    section = tab.notebook_section()
    assert len(section.cells) == 2 and "tape.gradient(probability, x)" in section.cells[1]
    assert "tf.GradientTape" in section.text
    notebook = build_notebook([section], "MNIST")
    run_notebook(notebook, tmp_path)
    last = notebook.cells[-1]
    printed = "".join(output.get("text", "") for output in last.outputs)
    assert (
        printed.splitlines()[0] == f"predicted {s.predicted} with probability {s.probability:.4f}"
    )
    # A new model while the map is off screen: the map is out of date, so no cell for it.
    details.setCurrentWidget(details.gallery)
    train(qtbot, tab, limit=1000, epochs=1, batch_size=100, seed=7)
    stale = tab.notebook_section()
    assert len(stale.cells) == 1 and "GradientTape" not in stale.text
    details.setCurrentWidget(details.saliency)  # shown again: recomputed, and back in
    qtbot.waitUntil(lambda: len(tab.notebook_section().cells) == 2, timeout=TIMEOUT)
