"""Writing a file so that a failure never leaves half of it behind.

The data goes to a temporary file in the target's folder, which then replaces the target in one
``os.replace``. An existing file keeps its permission bits; a new file gets the umask's default,
as ``open()`` or ``np.save`` would give it (``mkstemp`` alone would make it 0600).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class SaveError(OSError):
    """A save that could not happen; the message speaks of the user's file, not a temp file."""


def _default_mode() -> int:
    umask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, suffix: str = ".tmp"
) -> Path:
    """Call ``write(temporary_path)``, then move the result over ``path``. ``suffix`` ends the
    temporary name, for writers that insist on one (Keras saves only to ``*.keras``)."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise SaveError(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise SaveError(f"{target} is a folder, not a file.")
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
    except OSError:
        mode = _default_mode()
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
    except OSError as exc:
        raise SaveError(f"Cannot write in {folder}: {exc.strerror or exc}.") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        write(temp)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise SaveError(f"Cannot save {target.name}: {exc.strerror or exc}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target
