"""Compact, shared storage for category lists: a sorted array of 64-bit keys in one file.

Every list entry becomes one 64-bit key: the top 56 bits of a BLAKE2b hash of
``h:<host>`` or ``u:<url>``, and 8 bits naming its category. Keys are sorted and
written once to an index file in the cache folder; each worker process
memory-maps that file, so a million entries cost 8 MB of page cache shared by
all workers, not one Python dict per process. A lookup is a binary search per
probe (the host, each parent domain, the exact URL): a constant handful of
probes per URL. With 56-bit hashes the chance of any false match in a
million-entry list is about one in 70 billion per probe.

The index is rebuilt only when a source file's size or mtime changes; its name
is a digest of those, so workers that start together build it once (under a
lock) and share it.
"""

from __future__ import annotations

import bisect
import fcntl
import hashlib
import json
import mmap
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from postguard.links.formats import Entry, Format, read_list, source_files

MAGIC = b"PGLIST01"
_HEADER = struct.Struct("<8sI")  # magic, header JSON length
MAX_CATEGORIES = 255


def _hash56(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 8


def entry_text(entry: Entry) -> str:
    return ("h:" if entry.kind == "host" else "u:") + entry.value


@dataclass(frozen=True, slots=True)
class ListSource:
    """One list named in settings: a path, its format and (optionally) its category."""

    path: Path
    format: Format = "auto"
    category: str | None = None

    def signature(self) -> list[object]:
        files = source_files(self.path, self.format)
        return [
            str(self.path.resolve()),
            self.format,
            self.category,
            [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files],
        ]


def build_index(entries: Iterable[Entry], target: Path) -> int:
    """Write the index for ``entries`` to ``target`` atomically; returns the key count."""
    categories: dict[str, int] = {}
    keys = array("Q")
    for entry in entries:
        cat = categories.get(entry.category)
        if cat is None:
            if len(categories) >= MAX_CATEGORIES:
                raise ValueError(f"more than {MAX_CATEGORIES} categories in the link lists")
            cat = categories[entry.category] = len(categories)
        keys.append((_hash56(entry_text(entry)) << 8) | cat)
    ordered = array("Q", sorted(set(keys)))
    if sys.byteorder != "little":
        ordered.byteswap()
    header = json.dumps(
        {"categories": sorted(categories, key=categories.__getitem__), "count": len(ordered)}
    ).encode("utf-8")
    header += b" " * (-(_HEADER.size + len(header)) % 8)  # align the keys to 8 bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".idx")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_HEADER.pack(MAGIC, len(header)))
            f.write(header)
            f.write(ordered.tobytes())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(ordered)


class ListIndex:
    """A memory-mapped index file, searched in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as f:
            self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        magic, header_len = _HEADER.unpack_from(self._mm, 0)
        if magic != MAGIC:
            raise ValueError(f"{path}: not a PostGuard link-list index")
        header = json.loads(self._mm[_HEADER.size : _HEADER.size + header_len])
        self.categories: tuple[str, ...] = tuple(header["categories"])
        offset = _HEADER.size + header_len
        view = memoryview(self._mm)[offset : offset + 8 * int(header["count"])]
        if sys.byteorder != "little":  # pragma: no cover - big-endian hosts copy once
            copy = array("Q", view.tobytes())
            copy.byteswap()
            self._keys: Sequence[int] = copy
        else:
            self._keys = view.cast("Q")

    def __len__(self) -> int:
        return len(self._keys)

    def lookup(self, text: str) -> set[str]:
        """Categories listing exactly this ``h:host`` or ``u:url`` text."""
        h = _hash56(text)
        keys = self._keys
        i = bisect.bisect_left(keys, h << 8)
        found: set[str] = set()
        while i < len(keys) and keys[i] >> 8 == h:
            found.add(self.categories[keys[i] & 0xFF])
            i += 1
        return found

    def categories_for(self, host: str, url: str) -> frozenset[str]:
        """Categories of the host, any of its parent domains, or the exact URL."""
        found: set[str] = set()
        if host:
            labels = host.split(".")
            for i in range(len(labels) - 1):
                found |= self.lookup("h:" + ".".join(labels[i:]))
        if url:
            found |= self.lookup("u:" + url)
        return frozenset(found)

    def close(self) -> None:
        keys = self._keys
        if isinstance(keys, memoryview):
            keys.release()
        self._keys = ()
        self._mm.close()


def index_for(sources: Sequence[ListSource], cache_dir: Path) -> Path:
    """The index file for these sources, building it (once, under a lock) if needed."""
    signature = json.dumps([s.signature() for s in sources], sort_keys=True)
    digest = hashlib.sha256(signature.encode("utf-8")).hexdigest()[:20]
    target = cache_dir / f"links-{digest}.idx"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".links.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not target.is_file():
                entries = (e for s in sources for e in read_list(s.path, s.format, s.category))
                build_index(entries, target)
                for old in cache_dir.glob("links-*.idx"):
                    if old != target:
                        old.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target
