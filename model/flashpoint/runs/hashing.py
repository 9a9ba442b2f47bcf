"""The one way a file or a byte string is fingerprinted (SHA-256), for manifests and checkpoints."""

from __future__ import annotations

import hashlib
from pathlib import Path


def bytes_sha256(data: bytes) -> str:
    """SHA-256 of ``data`` as 64 hexadecimal characters."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    return bytes_sha256(Path(path).read_bytes())
