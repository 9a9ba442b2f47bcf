"""Checking where results will go before any work starts, and writing folders others can read.

Every command that writes calls :func:`output_problems` on its output paths first, so that a
path under a file, a folder that cannot be written or a name too long for the file system is
refused before a single run (exit 2, nothing written).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Mode of result folders: readable by others (``mkdtemp`` makes them 0700).
FOLDER_MODE = 0o755
#: A scenario folder is first written as ``.<name>.<8 random characters>``: that many more bytes.
TEMP_NAME_EXTRA_BYTES = 10
#: The longest file name assumed when the file system does not say.
DEFAULT_NAME_MAX = 255


def exists(path: Path) -> bool:
    """Whether ``path`` exists; False for a name the file system cannot even look up."""
    try:
        return path.exists()
    except OSError:  # a name too long, for example
        return False


def nearest_existing(path: Path) -> Path:
    """The deepest existing folder or file on the way to ``path`` (``path`` itself if it exists)."""
    p = Path(os.path.abspath(path))
    while not exists(p) and p != p.parent:
        p = p.parent
    return p


def name_max(folder: Path) -> int:
    """The longest file name (bytes) allowed in ``folder``'s file system."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


def output_problems(
    path: Path,
    *,
    option: str = "--out",
    want: str = "folder",
    child_names: tuple[str, ...] = (),
) -> list[str]:
    """Why ``path`` cannot receive the output, as user-facing sentences (empty when it can).

    Args:
        path: The output folder (``want="folder"``) or file (``want="file"``).
        option: The option that named it, for the messages.
        want: ``"folder"`` or ``"file"``.
        child_names: Names of entries that will be created inside the folder (checked against
            the file system's name limit, with room for the temporary name).
    """
    problems: list[str] = []
    text = str(path)
    existing = nearest_existing(path)
    absolute = Path(os.path.abspath(path))
    if existing != absolute and existing.is_file():
        problems.append(
            f"{option} {text}: {existing} is a file, so nothing can be written under it; "
            "choose a folder path"
        )
        return problems
    if exists(absolute):
        if want == "folder" and not absolute.is_dir():
            problems.append(f"{option} {text}: is a file; a folder is expected")
            return problems
        if want == "file" and absolute.is_dir():
            problems.append(f"{option} {text}: is a folder; a file path is expected")
            return problems
    folder = existing if existing.is_dir() else existing.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        problems.append(f"{option} {text}: cannot write in {folder} (permission denied)")
        return problems
    limit = name_max(folder)
    missing_parts = absolute.relative_to(existing).parts if existing != absolute else ()
    names = [*missing_parts, *(n for n in child_names)]
    for name in names:
        size = len(name.encode()) + (TEMP_NAME_EXTRA_BYTES if name in child_names else 0)
        if size > limit:
            problems.append(
                f"{option} {text}: the name {name[:40]!r}... is {len(name.encode())} bytes; "
                f"the file system allows {limit - TEMP_NAME_EXTRA_BYTES} here"
            )
    return problems


def make_folder(path: Path) -> bool:
    """Create ``path`` (and parents) readable by others; True if it already existed."""
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True)
    if not existed:
        os.chmod(path, FOLDER_MODE)
    return existed
