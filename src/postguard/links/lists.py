"""The trust's loaded category lists, refreshed without a restart.

:class:`LinkLists` implements the judge's ``CategoryLookup``. Lookups only read
the memory-mapped index; the file checks happen in :meth:`refresh_if_changed`,
which the service calls on a timer (:meth:`watch` starts a daemon thread for
that), so the detector itself never touches the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from postguard.links.store import ListIndex, ListSource, index_for


class LinkLists:
    """Category lists from settings, searchable by host (and parents) and exact URL."""

    def __init__(self, sources: Sequence[ListSource], cache_dir: Path) -> None:
        self.sources = tuple(sources)
        self.cache_dir = cache_dir
        self._index: ListIndex | None = None
        self._path: Path | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.refresh_if_changed()

    def categories(self, host: str, url: str) -> frozenset[str]:
        index = self._index
        if index is None:
            return frozenset()
        return index.categories_for(host, url)

    def __len__(self) -> int:
        index = self._index
        return len(index) if index is not None else 0

    def refresh_if_changed(self) -> bool:
        """Reload when any source's size or mtime changed; True if a new index was loaded."""
        if not self.sources:
            return False
        with self._lock:
            path = index_for(self.sources, self.cache_dir)
            if path == self._path:
                return False
            old = self._index
            self._index = ListIndex(path)
            self._path = path
        # Lookups in flight keep a reference to the old index's keys; closing it is
        # left to garbage collection so no reader ever sees a closed map.
        del old
        return True

    def watch(self, interval_seconds: float = 60.0) -> threading.Thread:
        """Check the sources every ``interval_seconds`` in a daemon thread until :meth:`stop`."""

        def loop() -> None:
            while not self._stop.wait(interval_seconds):
                try:
                    self.refresh_if_changed()
                except (OSError, ValueError):
                    continue  # a list half-written by its updater: try again next time

        thread = threading.Thread(target=loop, name="postguard-link-lists", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
