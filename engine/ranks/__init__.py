"""The rank explorer's engine: tensors from text, their axes described, rank-changing operations."""

from engine.ranks.describe import TensorInfo, describe
from engine.shared.literals import parse_literal

__all__ = ["TensorInfo", "describe", "parse_literal"]
