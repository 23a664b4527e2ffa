"""Derivatives with nested tf.GradientTapes, of expressions read safely from text."""

from engine.gradients.derivatives import GradientResult, TapeRecord, derivatives

__all__ = ["GradientResult", "TapeRecord", "derivatives"]
