"""Writing output files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Union

from ..errors import PolicygraphError


class OutputError(PolicygraphError):
    """An output file cannot be written (missing directory, a directory given, permission)."""


def check_output_path(out: Union[str, os.PathLike]) -> Path:
    """The path as a Path if a file can be created there; else :class:`OutputError` naming it."""
    path = Path(out)
    if path.is_dir():
        raise OutputError("is a directory, expected a file name", path=str(path))
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError("directory does not exist", path=str(directory))
    return path


def atomic_write(path: Union[str, os.PathLike], content: Union[str, bytes]) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place: readers never see half a file."""
    path = check_output_path(path)
    fd, tmp = tempfile.mkstemp(prefix=".pg-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write ({exc.strerror or exc})", path=str(path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
