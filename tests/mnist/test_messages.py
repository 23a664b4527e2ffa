"""What the trainer says about a run, from typed reports: only finished epochs count as full ones,
a stop says how far into the next epoch it got, and every count takes the noun it needs."""

from __future__ import annotations

from engine.mnist.model import TrainSettings
from engine.mnist.results import TrainReport
from engine.mnist.wording import count, epochs_text
from widgets.mnist.messages import done_status, outcome_notice
from widgets.shared.message_line import Severity


def report(updates: int, epochs_done: int, *, planned=2345, steps=469, stopped=True):
    return TrainReport(
        history={},
        epochs_done=epochs_done,
        updates_done=updates,
        planned_updates=planned,
        train_samples=60000,
        steps_per_epoch=steps,
        stopped=stopped,
        seconds=3.25,
        epoch_seconds=[1.5] * epochs_done,
    )


def test_a_stop_inside_the_first_epoch_counts_no_full_epoch():
    notice = outcome_notice(report(384, 0))
    assert notice.severity is Severity.WARNING
    assert notice.text.startswith(
        "Stopped after 384 of 2,345 updates (0.82 of an epoch: 0 full epochs, then 384 of 469 "
        "batches of epoch 1)."
    )
    assert done_status(report(384, 0), 5) == (
        "Stopped in epoch 1/5 at batch 384/469, 384 updates, 3.2 s"
    )


def test_a_stop_inside_the_second_epoch_counts_one_and_says_how_far_it_got():
    stopped = report(757, 1)
    assert stopped.epochs_run == 757 / 469 and stopped.interrupted_batches == 288
    assert "(1.61 epochs: 1 full epoch, then 288 of 469 batches of epoch 2)" in (
        outcome_notice(stopped).text
    )
    assert done_status(stopped, 5) == "Stopped in epoch 2/5 at batch 288/469, 757 updates, 3.2 s"


def test_a_stop_at_an_epochs_end_and_a_finished_run():
    assert "(2 full epochs)" in outcome_notice(report(938, 2)).text
    assert done_status(report(938, 2), 5) == "Stopped: 2/5 epochs, 938 updates, 3.2 s"
    done = report(469, 1, planned=469, stopped=False)
    assert outcome_notice(done).text == "Trained: 469 gradient updates in 3.2 s (1.50 s per epoch)."
    assert done_status(done, 1) == "Done: 1/1 epoch, 469 updates, 3.2 s"
    one = report(1, 1, planned=1, steps=1, stopped=False)
    assert outcome_notice(one).text.startswith("Trained: 1 gradient update in")
    assert done_status(one, 1) == "Done: 1/1 epoch, 1 update, 3.2 s"


def test_counts_take_the_noun_they_need():
    assert count(1, "epoch") == "1 epoch" and count(2, "epoch") == "2 epochs"
    assert count(1000, "sample") == "1,000 samples" and count(0, "full epoch") == "0 full epochs"
    assert count(1, "batch", "batches") == "1 batch" and count(3, "batch", "batches") == "3 batches"
    assert epochs_text(938, 469) == "2 epochs" and epochs_text(469, 469) == "1 epoch"
    assert epochs_text(384, 469) == "0.82 of an epoch" and epochs_text(757, 469) == "1.61 epochs"
    problems = TrainSettings(validation_split=0.5, batch_size=5).problems(1)
    assert problems["validation_split"].startswith("1 sample cannot be split")
    problems = TrainSettings(batch_size=5).problems(1)
    assert problems["batch_size"] == "The batch size 5 is larger than the 1 sample trained on."
    problems = TrainSettings().problems(100, num_classes=1)
    assert problems["layers"].startswith("Layer 2 (dense_1): the last layer needs 1 unit, one per")
