"""Output files: the one check of an output folder before any computing, and the one atomic writer.

Every command that writes (``cellsim cycle``, ``report``, ``mechanics --out``, ``windows --out``, ``sweep``,
``studies``) checks its folder with :func:`check_output_dir` before it computes anything, so that a bad
``--out`` is a one-line error and not a lost simulation. Every file is written with :func:`atomic_write`: to a
temporary name in the same folder, then renamed, so an interrupted write never leaves a half-written file
under the final name. The temporary file is created with mode 0666 minus the umask, as ``open()`` would create
it (``tempfile.mkstemp`` gives 0600: a colleague could open the report and not its figures).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

from .errors import ParameterError

__all__ = ["check_output_dir", "check_output_file", "atomic_write", "write_text"]


def _probe(folder: Path) -> str | None:
    """None if a file can be created in ``folder`` (tried, then removed), else the reason."""
    try:
        probe = tempfile.mkdtemp(prefix=".cellsim-probe-", dir=folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    shutil.rmtree(probe, ignore_errors=True)
    return None


def check_output_dir(path, name: str = "--out") -> Path:
    """``path`` as a Path if it is (or can be made) a writable folder; creates nothing.

    Raises
    ------
    ParameterError
        ``path`` names an existing file, or lies under a file, or its folder (or the nearest existing parent
        of a folder still to be made) cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = check_output_dir(pathlib.Path(d) / "new" / "run")   # fine: it can be made
    ...     f = pathlib.Path(d) / "file.txt"; _ = f.write_text("x")
    ...     check_output_dir(f)
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter '--out' = '...file.txt' is invalid; allowed: a folder (this is an existing file)
    """
    p = Path(path)
    if str(path) == "":
        raise ParameterError(name, str(path), "a folder name, e.g. 'run1'")
    if p.exists() and not p.is_dir():
        raise ParameterError(name, str(path), "a folder (this is an existing file)")
    existing = p
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise ParameterError(name, str(path), f"a folder that can be created ({existing} is a file)")
    why = _probe(existing)
    if why is not None:
        what = "a writable folder" if existing == p else f"a folder that can be created in {existing}"
        raise ParameterError(name, str(path), f"{what} ({why})")
    return p


def atomic_write(path, writer) -> Path:
    """Write ``path`` through ``writer(temporary_path)`` and rename it into place; returns ``path``.

    The temporary file sits next to ``path`` (same file system, so the rename is atomic) and is created with
    mode 0666 minus the process umask (0644 under the usual umask 022), like a file made by ``open()``.
    The folder must exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = atomic_write(pathlib.Path(d) / "a.txt", lambda tmp: pathlib.Path(tmp).write_text("hello"))
    ...     p.read_text()
    'hello'
    """
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:12]}.tmp{path.suffix}")
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # the umask applies, as for open()
    try:
        writer(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_text(path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def check_output_file(path, name: str = "--out") -> Path:
    """``path`` as a Path if a file can be written there: its folder exists and is writable, and ``path`` is not
    a folder. An existing file is replaced (atomically, by :func:`atomic_write`). Creates nothing.

    Raises
    ------
    ParameterError
        ``path`` is empty, names an existing folder, or its folder is missing, not a folder or not writable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = check_output_file(pathlib.Path(d) / "cell.json")   # fine
    ...     check_output_file(pathlib.Path(d) / "missing" / "cell.json", "--bpx")
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter '--bpx' = '...cell.json' is invalid; allowed: a file in an existing folder (no folder ...missing)
    """
    p = Path(path)
    if str(path) == "":
        raise ParameterError(name, str(path), "a file name, e.g. 'cell.json'")
    if p.is_dir():
        raise ParameterError(name, str(path), "a file name (this is an existing folder)")
    folder = p.parent
    if not folder.exists():
        raise ParameterError(name, str(path), f"a file in an existing folder (no folder {folder})")
    if not folder.is_dir():
        raise ParameterError(name, str(path), f"a file in a folder ({folder} is a file)")
    why = _probe(folder)
    if why is not None:
        raise ParameterError(name, str(path), f"a file in a writable folder ({folder}: {why})")
    return p
