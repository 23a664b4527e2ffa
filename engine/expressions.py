"""The import path design.md names for the expression reader; the code lives in engine.gradients."""

from engine.gradients.expressions import Expression, compile_expression
from engine.gradients.grammar import ExpressionError

__all__ = ["Expression", "ExpressionError", "compile_expression"]
