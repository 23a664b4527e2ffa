"""The first lines of every generated script, written in one place so every code pane agrees."""

from __future__ import annotations


def code_header(
    *, math: bool = False, keras: bool = False, numpy: bool = True, tensorflow: bool = True
) -> str:
    """The import lines a script needs, standard library first, ending with one newline."""
    wanted = (
        ("import math", math),
        ("import keras", keras),
        ("import numpy as np", numpy),
        ("import tensorflow as tf", tensorflow),
    )
    return "\n".join(line for line, use in wanted if use) + "\n"
