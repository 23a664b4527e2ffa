"""XLA's persistent compile cache: set before TensorFlow starts, in the user's cache folder, so a
compiled training step is compiled once per machine rather than once per session."""

from __future__ import annotations

from fresh_python import run_python

from engine.shared import runtime

COMPILE_ONCE = """
from engine.shared.runtime import load_tensorflow
load_tensorflow()
import tensorflow as tf
step = tf.function(lambda x: tf.nn.relu(x @ tf.transpose(x)) * 2, jit_compile=True)
print(float(tf.reduce_sum(step(tf.ones((4, 3))))))
"""


def test_the_app_and_the_cli_keep_xla_compiles_in_the_users_cache_folder(tmp_path):
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache), "TF_XLA_FLAGS": ""}
    done = run_python("-c", COMPILE_ONCE, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "96.0"  # 16 entries of relu(3) * 2
    compiled = sorted((cache / "tensor-workbench" / "xla").iterdir())
    assert compiled and all(file.stat().st_size > 0 for file in compiled)
    # A second session loads it rather than compiling a new one, with the same result.
    again = run_python("-c", COMPILE_ONCE, env=env)
    assert again.stdout.split()[-1] == "96.0"
    assert sorted((cache / "tensor-workbench" / "xla").iterdir()) == compiled


def test_the_users_own_cache_flag_and_folders_with_spaces_are_left_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("TF_XLA_FLAGS", "--tf_xla_persistent_cache_directory=/mine")
    runtime.use_xla_cache()
    assert runtime.os.environ["TF_XLA_FLAGS"] == "--tf_xla_persistent_cache_directory=/mine"
    monkeypatch.setenv("TF_XLA_FLAGS", "--tf_xla_auto_jit=0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "with space"))
    runtime.use_xla_cache()
    assert runtime.os.environ["TF_XLA_FLAGS"] == "--tf_xla_auto_jit=0"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "plain"))
    runtime.use_xla_cache()
    expected = f"--tf_xla_auto_jit=0 --tf_xla_persistent_cache_directory={tmp_path}/plain/"
    assert runtime.os.environ["TF_XLA_FLAGS"] == expected + "tensor-workbench/xla"
