"""A compiled rule set kept on disk, so that a cold `nrules check` does not parse and compile it again.

Loading the bundled rule set (reading YAML, validating every file, compiling and type-checking every
condition, planning durable's shards) costs several times what checking an incident does. The result
is a pure function of the rule files and of nrules itself, so it is cached under a key that hashes
both: the nrules version, the Python version, and every rule file's path and bytes. A changed file is
a new key; nothing is ever invalidated by hand.

The cache is a pickle, so it must not be a way in. It is trusted only when:
- its folder and files belong to the current user and nobody else can write or read them (0700/0600);
- it carries an HMAC-SHA256 of its bytes under a random key kept in that folder (0600), checked
  before anything is unpickled;
and it is written to a temporary file and renamed into place, so concurrent writers never leave a
torn file. Any doubt (wrong owner, loose permissions, bad signature, unreadable) means the cache is
ignored and the rule set is loaded from its files, which is always correct, only slower.
`NRULES_CACHE=0` turns it off; `NRULES_CACHE_DIR` moves it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

KEY_BYTES = 32
MAC_BYTES = 32


def cache_dir() -> Path | None:
    if os.environ.get("NRULES_CACHE", "1").strip().lower() in ("0", "no", "false", "off"):
        return None
    explicit = os.environ.get("NRULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nrules"


def fingerprint(folders: Sequence[Path], version: str) -> str:
    """The key of a compiled rule set: nrules, Python, each folder's place and every rule file's path and
    content. The place counts because the compiled rule set records where each rule was read (file:line
    in messages): two installs of the same rules (a wheel, a checkout) must not share an entry, or one
    would point at the other's files, which may be gone."""
    h = hashlib.sha256()
    h.update(f"nrules {version}\0python {sys.version}\0".encode())
    for index, folder in enumerate(folders):
        h.update(f"{index}:{folder.resolve()}\0".encode())
        for path in sorted(folder.rglob("*.yaml")):
            if path.is_file():
                h.update(f"{index}/{path.relative_to(folder).as_posix()}\0".encode())
                h.update(path.read_bytes())
                h.update(b"\0")
    return h.hexdigest()


def _private(path: Path, kind: int) -> bool:
    """Owned by us, of the expected kind, and closed to group and others."""
    try:
        info = path.lstat()
    except OSError:
        return False
    mode = info.st_mode
    return stat.S_IFMT(mode) == kind and info.st_uid == os.getuid() and not mode & 0o077


def _folder(create: bool) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder if _private(folder, stat.S_IFDIR) else None


def _key(folder: Path, create: bool) -> bytes | None:
    path = folder / "key"
    if not path.exists() and create:
        with contextlib.suppress(FileExistsError, OSError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(KEY_BYTES))
    if not _private(path, stat.S_IFREG):
        return None
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def load(key_hex: str) -> Any | None:
    """The cached object for this fingerprint, or None when there is none that can be trusted."""
    folder = _folder(create=False)
    if folder is None:
        return None
    secret = _key(folder, create=False)
    path = folder / f"{key_hex}.pickle"
    if secret is None or not _private(path, stat.S_IFREG):
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    mac, body = blob[:MAC_BYTES], blob[MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(body)
    except Exception:  # a cache written by another build: ignore it
        return None


def store(key_hex: str, value: Any) -> None:
    """Write the compiled rule set for this fingerprint; a failure only means the next start is slower."""
    folder = _folder(create=True)
    if folder is None:
        return
    secret = _key(folder, create=True)
    if secret is None:
        return
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    blob = hmac.new(secret, body, hashlib.sha256).digest() + body
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, folder / f"{key_hex}.pickle")
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
