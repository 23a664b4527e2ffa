"""Derivatives with nested tf.GradientTapes, of expressions read safely from text."""

from engine.gradients.derivatives import GradientResult, derivatives
from engine.gradients.tape import TapeRecord

__all__ = ["GradientResult", "TapeRecord", "derivatives"]
