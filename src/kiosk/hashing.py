"""The display's hashes from Python's own SHA-2, not OpenSSL's.

A display hashes a playlist at start (the start picture's key) and images when they change
(`ui.watcher`): small files, SHA-256. Loading OpenSSL's `libcrypto` for that, which
pydantic's `import secrets` did before kiosk hashed anything, mapped 3.3 MiB into every
display (its PSS where nothing else maps it) and took 3-5 ms of each start. `hashlib` works
without it, on the implementations Python ships; they are slower (290 MB/s against 1.1 GB/s
here), which at these sizes is microseconds.

Only `kiosk run` (and the benchmark's workers that stand for it) asks for this, before
anything imports `hashlib`. A display that joins a fleet over TLS loads `libcrypto` through
`ssl` all the same; nothing in it needs OpenSSL-only functions (`pbkdf2_hmac` is for the
operator's `kiosk fleet init`). Where Python was built without its own SHA-2 (some
distributions leave it out), nothing changes. Qt-free.
"""

from __future__ import annotations

import importlib.util
import sys

__all__ = ["use_builtin_hashes"]


def use_builtin_hashes() -> bool:
    """Have `hashlib` in this process use Python's own implementations; True when it will
    (False: hashlib was loaded already, or this Python has no SHA-2 of its own)."""
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return False
    own = "_sha2" if sys.version_info >= (3, 12) else "_sha256"
    if importlib.util.find_spec(own) is None:
        return False
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # hashlib's fallback path
    return True
