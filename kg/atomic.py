"""Files written whole: a temporary file beside the target, renamed over it once complete.

Exports, table exports and store dumps all go through :func:`written_whole`, so that a reader
never sees half a file, a failure leaves the old file as it was, and the new file has the
permissions a user expects: those of the file it replaces, or those any new file of theirs
gets (``0666`` less the umask), not the owner-only mode of a temporary file.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO

__all__ = ["written_whole"]


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put it back at once
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or those of a new file (a link is replaced, not followed)."""
    try:
        st = os.lstat(target)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    return 0o666 & ~_umask()


@contextmanager
def written_whole(target: str | os.PathLike[str], *, durable: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose content takes ``target``'s place when the block ends without error.

    Args:
        target: the file to write; a symbolic link there is replaced by the file, never followed.
        durable: also sync the content to disk before the rename (backups).

    Raises:
        OSError: the temporary file cannot be made, written or renamed; ``target`` is then
            untouched and nothing is left behind.
    """
    path = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(partial, _mode_for(path))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
