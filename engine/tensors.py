"""The import path design.md names for the tensor editor; the code lives in engine.editor."""

from engine.editor.document import ImmutableTensorError, Mode, TensorDocument

__all__ = ["ImmutableTensorError", "Mode", "TensorDocument"]
