"""Every "why is my gradient None?" case runs for real, and its program prints in a fresh Python
exactly what the app shows."""

from __future__ import annotations

import pytest
from fresh_python import run_python

from engine.gradients.none_cases import CASES, run_case

EXPECTED = {
    "unwatched": ["gradient: None"],
    "integer": ["dtype: int32", "gradient: None"],
    "no-path": ["gradient: None", "with ZERO: 0.0"],
    "stop-gradient": ["gradient: None"],
    "numpy": ["y: 9.0", "gradient: None"],
    "second-call": ["first: 6.0", "second: raised RuntimeError: A non-persistent GradientTape"],
    "persistent": ["dy_dx: 6.0", "dz_dx: 27.0"],
}


def test_every_case_returns_what_tensorflow_does():
    assert [case.key for case in CASES] == list(EXPECTED)
    for case in CASES:
        lines = run_case(case.key)
        expected = EXPECTED[case.key]
        assert len(lines) == len(expected), case.key
        for line, start in zip(lines, expected, strict=True):
            assert line.startswith(start), (case.key, line)


def test_each_program_prints_what_the_app_shows():
    script = "\nprint('---')\n".join(case.code for case in CASES)
    done = run_python("-c", script)
    assert done.returncode == 0, done.stderr
    printed = done.stdout.split("---\n")
    for case, output in zip(CASES, printed, strict=True):
        assert output.splitlines() == run_case(case.key), case.key


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_each_case_is_explained(case):
    assert len(case.explanation) > 80 and case.title
