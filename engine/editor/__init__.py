"""The tensor editor's engine: one value held as a NumPy array, a tf.constant or a tf.Variable."""

from engine.editor.document import ImmutableTensorError, Mode, TensorDocument

__all__ = ["ImmutableTensorError", "Mode", "TensorDocument"]
