"""The Rank Explorer's state and engine work, with no layout: the tensor on screen, the ones
before it (for undo), the script that rebuilds each of them, and what TensorFlow says about it.

NumPy work (parsing, describing, the operations) is quick and runs here, on the GUI thread.
TensorFlow's view of each new tensor runs on the engine worker through a LATEST channel: a newer
tensor makes an older answer useless. MNIST digits are read from a file on a second LATEST
channel, cancelled as soon as another tensor is shown so that a late batch never replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.ranks.code import (
    digits_code,
    literal_code,
    operation_code,
    undo_code,
)
from engine.ranks.describe import TensorInfo, describe
from engine.ranks.examples import CUSTOM, DIGITS, MNIST_BATCH, DigitBatch, example, mnist_batch
from engine.ranks.operations import OpResult, apply_operation, tf_refusal
from engine.ranks.tf_view import TensorFlowSteps, TensorFlowView, tensorflow_view
from engine.ranks.wording import counted
from engine.shared.jobs import JobFailure
from engine.shared.limits import shape_text
from engine.shared.literals import format_literal, parse_literal
from engine.worker import Worker
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import Severity

OWNER = "Rank Explorer"
TF_JOB = "Describe the tensor with TensorFlow"
DIGITS_JOB = "Load MNIST digits"
HISTORY_LIMIT = 50
HISTORY_BYTES = 256 * 2**20  # undo keeps big tensors too, but not without bound
PREVIEW_LIMIT = 1_000_000  # elements; beyond this the preview would lag the typing
NEEDS_ARGUMENT = ("reshape", "slice")


@dataclass(frozen=True)
class ShownTensor:
    """The tensor on screen, what the picture needs to draw it, and how the code pane's script
    rebuilds it (the NumPy ``x`` and the TensorFlow ``t`` the info panel describes)."""

    array: np.ndarray
    names: tuple[str | None, ...] | None  # what each axis means, when known
    code: str  # the whole script, ending on the prints of this tensor
    made_by: str  # the line that made it, for the comment when it is undone
    tf_steps: TensorFlowSteps  # how the script builds t
    captions: tuple[str, ...] = ()  # one per position along axis 0 (the digits' labels)
    image: bool = False  # the last two axes drawn as grayscale pixels
    example: str = CUSTOM  # the example it came from


@dataclass(frozen=True)
class TensorShown:
    """A new tensor is on screen."""

    tensor: ShownTensor
    info: TensorInfo  # as NumPy describes it
    can_undo: bool
    fresh: bool  # a new start (an example, a literal, digits), not an operation or an undo


@dataclass(frozen=True)
class LiteralText:
    """What the literal field shows for x: its literal, or nothing and a placeholder that says
    what x is (no literal can describe it)."""

    text: str
    placeholder: str = ""  # "": the usual hint


@dataclass(frozen=True)
class Notice:
    """A line under the literal field."""

    text: str
    severity: Severity


@dataclass(frozen=True)
class Preview:
    """What Apply would do with the operation as typed so far."""

    result: OpResult | None = None
    problem: str = ""  # why it cannot be applied
    # neither: the operation needs an argument that has not been typed yet


class RanksController(QObject):
    tensor_changed = Signal(object)  # TensorShown
    literal_replaced = Signal(object)  # LiteralText: x changed other than by typing
    literal_notice = Signal(object)  # Notice, or None when there is nothing to say
    digits_failed = Signal(str)  # why the MNIST digits did not load; the tensor shown stays
    tensorflow_answered = Signal(object)  # TensorFlowView of the newest tensor
    tensorflow_status = Signal(str)  # while there is no answer: asking, waiting, or failed

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.tensorflow = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.digits = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.current: ShownTensor | None = None
        self.history: list[ShownTensor] = []  # oldest first; undo pops the last

    # --- a new tensor ---------------------------------------------------------------------------
    def load_example(self, key: str) -> None:
        item = example(key)
        if item.text is None:
            self._load_digits()
            return
        self.literal_replaced.emit(LiteralText(item.text))
        self.literal_notice.emit(None)
        self._show(self._from_literal(item.text, item.names, key), fresh=True)

    def read_literal(self, text: str) -> bool:
        """Show the tensor ``text`` describes; on bad input say why and keep the last good one.
        Axis names stay when the rank does (an edited example is still that example)."""
        if not text.strip():
            self.literal_notice.emit(
                Notice(
                    "Type a number or a nested list, e.g. [[2, 3], [4, 5]]. The tensor shown "
                    "stays.",
                    Severity.INFO,
                )
            )
            return False
        try:
            array = parse_literal(text)
        except ValueError as exc:
            self.literal_notice.emit(
                Notice(f"{exc} The tensor shown is the last good one.", Severity.ERROR)
            )
            return False
        self.literal_notice.emit(None)
        previous = self.current
        names = previous.names if previous is not None else None
        keep = bool(names) and len(names or ()) == array.ndim
        example = previous.example if keep and previous is not None else CUSTOM
        self._show(self._from_literal(text, names if keep else None, example, array), fresh=True)
        return True

    @staticmethod
    def _from_literal(
        text: str,
        names: tuple[str | None, ...] | None,
        example: str,
        array: np.ndarray | None = None,
    ) -> ShownTensor:
        text = text.strip()
        array = parse_literal(text) if array is None else array
        code = literal_code(text)
        return ShownTensor(
            array,
            names,
            code=code,
            made_by=next(line for line in code.splitlines() if line.startswith("x = ")),
            tf_steps=TensorFlowSteps(array, from_list=text.startswith(("[", "("))),
            example=example,
        )

    def _load_digits(self) -> None:
        request = self.digits.submit(
            DIGITS_JOB,
            partial(mnist_batch, MNIST_BATCH),
            on_result=self._digits_loaded,
            on_failed=self._digits_not_loaded,
        )
        if request is not None:
            loading = f"Loading {counted(MNIST_BATCH, 'MNIST digit')}…"
            self.literal_notice.emit(Notice(loading, Severity.INFO))

    def _digits_loaded(self, batch: DigitBatch) -> None:
        self.literal_notice.emit(
            Notice(
                f"{counted(len(batch.labels), 'real MNIST test digit')} from {batch.source}.",
                Severity.INFO,
            )
        )
        self.literal_replaced.emit(
            LiteralText(
                "",
                f"x is a batch of MNIST digits {shape_text(batch.images.shape)}"
                " — type a literal to replace it",
            )
        )
        captions = tuple(f"label {label}" for label in batch.labels)
        self._show(
            ShownTensor(
                batch.images,
                example(DIGITS).names,
                code=digits_code(batch),
                made_by=f"x = the first {counted(len(batch.labels), 'MNIST test digit')}",
                tf_steps=TensorFlowSteps(batch.images),
                captions=captions,
                image=True,
                example=DIGITS,
            ),
            fresh=True,
        )

    def _digits_not_loaded(self, failure: JobFailure) -> None:
        self.digits_failed.emit(f"Could not load MNIST: {failure.message}")

    # --- operations and undo ------------------------------------------------------------------
    def preview(self, kind: str, argument: str, keepdims: bool) -> Preview | None:
        """What Apply would do; None when the tensor is too big to try on every key."""
        current = self.current
        if current is None or current.array.size > PREVIEW_LIMIT:
            return None
        if not argument.strip() and kind in NEEDS_ARGUMENT:
            return Preview()
        try:
            return Preview(result=self._run(current, kind, argument, keepdims))
        except ValueError as exc:
            return Preview(problem=str(exc))

    def apply(self, kind: str, argument: str, keepdims: bool) -> OpResult:
        """Apply the operation to x, or raise ValueError saying why it cannot be (x stays)."""
        before = self.current
        if before is None:
            raise ValueError("There is no tensor to change yet.")
        result = self._run(before, kind, argument, keepdims)
        literal = format_literal(result.value)
        self.literal_replaced.emit(
            LiteralText(literal)
            if literal is not None
            else LiteralText(
                "",
                f"x is a {shape_text(result.after)} {result.value.dtype} tensor — type a "
                "literal to replace it",
            )
        )
        # digit labels still caption axis 0 while it is the same axis of the same length
        same_first = bool(before.names) and result.names[:1] == (before.names or ())[:1]
        captions = before.captions if same_first and result.after[:1] == result.before[:1] else ()
        image = before.image and result.value.ndim >= 2
        refusal = tf_refusal(result.operation, before.array.dtype)
        self._show(
            ShownTensor(
                result.value,
                result.names,
                code=before.code + operation_code(result, refusal),
                made_by=f"x = {result.code}",
                tf_steps=before.tf_steps.then(result.operation, before.array, bool(refusal)),
                captions=captions,
                image=image,
            )
        )
        return result

    def undo(self) -> bool:
        """Go back to the tensor before; its script gains a comment on what was undone."""
        if not self.history or self.current is None:
            return False
        undone, previous = self.current, self.history.pop()
        literal = format_literal(previous.array)
        shape = shape_text(previous.array.shape)
        self.literal_replaced.emit(
            LiteralText(
                literal or "",
                "" if literal else f"x is a {shape} tensor — type a literal to replace it",
            )
        )
        code = previous.code + undo_code(undone.made_by, previous.array.shape)
        self._show(replace(previous, code=code), remember=False)
        return True

    def set_image(self, image: bool) -> ShownTensor | None:
        """Draw the same tensor as pixels or as numbers (no new tensor: nothing to undo)."""
        if self.current is not None:
            self.current = replace(self.current, image=image)
        return self.current

    @staticmethod
    def _run(tensor: ShownTensor, kind: str, argument: str, keepdims: bool) -> OpResult:
        return apply_operation(tensor.array, kind, argument, keepdims=keepdims, names=tensor.names)

    # --- showing, remembering, asking TensorFlow ------------------------------------------------
    def _show(self, tensor: ShownTensor, *, fresh: bool = False, remember: bool = True) -> None:
        if tensor.example != DIGITS:
            self.digits.cancel()  # digits still loading would replace what is shown now
        if remember and self.current is not None:
            self._remember(self.current)
        self.current = tensor
        info = describe(tensor.array, tensor.names)
        self.tensor_changed.emit(TensorShown(tensor, info, bool(self.history), fresh))
        self._ask_tensorflow(tensor)

    def _remember(self, tensor: ShownTensor) -> None:
        self.history.append(tensor)
        del self.history[:-HISTORY_LIMIT]
        while len(self.history) > 1 and sum(t.array.nbytes for t in self.history) > HISTORY_BYTES:
            self.history.pop(0)

    def _ask_tensorflow(self, tensor: ShownTensor) -> None:
        job = partial(tensorflow_view, tensor.array, tensor.tf_steps)
        request = self.tensorflow.submit(
            TF_JOB, job, on_result=self._tensorflow_done, on_failed=self._tensorflow_failed
        )
        if request is not None:
            waiting = self.tensorflow.blocked_by()
            self.tensorflow_status.emit(f"Waiting {waiting}…" if waiting else "Asking TensorFlow…")

    def _tensorflow_done(self, view: TensorFlowView) -> None:
        self.tensorflow_answered.emit(view)

    def _tensorflow_failed(self, failure: JobFailure) -> None:
        self.tensorflow_status.emit(f"TensorFlow failed: {failure.message}")

    def shutdown(self) -> None:
        self.tensorflow.cancel()
        self.digits.cancel()
