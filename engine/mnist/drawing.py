"""Turning a hand drawing into an MNIST-like 28×28 image, the way the MNIST set was made:
crop to the ink, scale the longest side to 20 px (keeping the aspect ratio, anti-aliased), then
place it in a 28×28 field so that its centre of mass sits at the centre."""

from __future__ import annotations

import numpy as np

FIELD = 28
BOX = 20
INK_THRESHOLD = 0.05  # fraction of full ink below which a pixel counts as blank


def area_resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resample by averaging the area each output pixel covers (exact box filter)."""
    rows = _area_weights(image.shape[0], height)
    cols = _area_weights(image.shape[1], width)
    return np.asarray(rows @ image @ cols.T)


def _area_weights(size_in: int, size_out: int) -> np.ndarray:
    # Output pixel i covers input span [i*k, (i+1)*k) with k = size_in / size_out.
    k = size_in / size_out
    starts = np.arange(size_out)[:, None] * k
    edges = np.arange(size_in)[None, :]
    overlap = np.clip(np.minimum(starts + k, edges + 1) - np.maximum(starts, edges), 0, None)
    return np.asarray(overlap / k)


def mnist_like(drawing: np.ndarray) -> np.ndarray | None:
    """A float32 28×28 image in [0, 1] (white ink on black), or None when nothing is drawn.

    ``drawing`` is 2-D, white ink on black, with values 0–1 or 0–255.
    """
    image = np.asarray(drawing, dtype=np.float64)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"expected a 2-D drawing, got shape {image.shape}")
    if image.max(initial=0) > 1.0:
        image = image / 255.0
    ink = image > INK_THRESHOLD
    if not ink.any():
        return None
    ys, xs = np.nonzero(ink)
    crop = image[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = crop.shape
    scale = BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    small = np.clip(area_resize(crop, new_h, new_w), 0.0, 1.0)
    total = small.sum()
    cy = (small.sum(axis=1) @ np.arange(new_h)) / total
    cx = (small.sum(axis=0) @ np.arange(new_w)) / total
    centre = FIELD / 2  # MNIST's digits have their centre of mass at pixel (14, 14)
    top = int(np.clip(round(centre - cy), 0, FIELD - new_h))
    left = int(np.clip(round(centre - cx), 0, FIELD - new_w))
    out = np.zeros((FIELD, FIELD), dtype=np.float32)
    out[top : top + new_h, left : left + new_w] = small
    return out
