"""XYZ raster tiles for the map canvas: a disk cache, an in-memory LRU and polite asynchronous downloads.

Only the tiles the canvas shows are asked for, a few at a time (no bulk prefetch), with a User-Agent naming the
application, as public tile servers require. Downloads go through QNetworkAccessManager, which works
asynchronously on the UI thread. When the network fails the source goes quiet for a while and the canvas keeps
its plain grid: a map without tiles is never an error dialog.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

import models

log = logging.getLogger(__name__)

APP_NAME = "FieldDesk"
USER_AGENT = f"FieldDesk/{getattr(models, '__version__', '0')} (field-service dispatcher desktop)"
SUBDOMAINS = ("a", "b", "c")
#: After a network failure no tile is asked for during this many seconds.
OFFLINE_BACKOFF_S = 60.0


def default_cache_dir() -> Path:
    """Where tiles are kept: the user's cache folder, e.g. ~/.cache/FieldDesk/tiles."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "tiles"


def attribution_for(url: str | None) -> str:
    """The credit line a tile server asks for; OpenStreetMap's own, else the server's host name."""
    if not url:
        return ""
    if "openstreetmap" in url:
        return "© OpenStreetMap contributors"
    host = QUrl(url.replace("{", "").replace("}", "")).host()
    return f"© {host}" if host else ""


class TileCache:
    """Tiles as files ``{z}/{x}/{y}.png`` under a folder, with the most recently used ones kept in memory."""

    def __init__(self, folder: Path, memory_tiles: int = 256):
        self.folder = folder
        self.memory_tiles = memory_tiles
        self._memory: OrderedDict[tuple[int, int, int], QPixmap] = OrderedDict()

    def path(self, z: int, x: int, y: int) -> Path:
        return self.folder / str(z) / str(x) / f"{y}.png"

    def get(self, z: int, x: int, y: int) -> QPixmap | None:
        """The tile from memory, else from disk (then remembered), else None."""
        key = (z, x, y)
        pixmap = self._memory.get(key)
        if pixmap is not None:
            self._memory.move_to_end(key)
            return pixmap
        path = self.path(z, x, y)
        if not path.is_file():
            return None
        pixmap = QPixmap()
        if not pixmap.load(str(path)) or pixmap.isNull():
            log.info("tile %s is unreadable; it will be fetched again", path)
            return None
        self._remember(key, pixmap)
        return pixmap

    def peek(self, z: int, x: int, y: int) -> QPixmap | None:
        """The tile if it is in memory; never touches the disk (used for stand-ins while painting)."""
        return self._memory.get((z, x, y))

    def put(self, z: int, x: int, y: int, data: bytes) -> QPixmap | None:
        """Store downloaded bytes on disk and in memory; None when they are not an image."""
        pixmap = QPixmap()
        if not pixmap.loadFromData(data) or pixmap.isNull():
            return None
        path = self.path(z, x, y)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)  # a reader never sees half a file
        except OSError as exc:
            log.info("cannot keep tile %s on disk: %s", path, exc)
        self._remember((z, x, y), pixmap)
        return pixmap

    def _remember(self, key: tuple[int, int, int], pixmap: QPixmap) -> None:
        self._memory[key] = pixmap
        self._memory.move_to_end(key)
        while len(self._memory) > self.memory_tiles:
            self._memory.popitem(last=False)


class TileSource(QObject):
    """Hands out tiles from the cache and downloads the missing ones the canvas asks for.

    ``tile_ready(z, x, y)`` is emitted when a downloaded tile has arrived. ``want(...)`` replaces the list of
    tiles waiting to be fetched, so tiles that scrolled out of view before their turn are never downloaded.
    """

    tile_ready = Signal(int, int, int)
    online_changed = Signal(bool)

    def __init__(self, url: str | None, cache: TileCache, parent: QObject | None = None, *, max_parallel: int = 4):
        super().__init__(parent)
        self.url = url or None
        self.cache = cache
        self.max_parallel = max_parallel
        self._queue: deque[tuple[int, int, int]] = deque()
        self._pending: dict[tuple[int, int, int], QNetworkReply] = {}
        self._offline_until = 0.0
        self._online = self.url is not None
        self._manager: QNetworkAccessManager | None = None

    @property
    def online(self) -> bool:
        """True while tiles can be fetched: a URL is set and the last attempt did not fail recently."""
        return self._online

    def tile(self, z: int, x: int, y: int) -> QPixmap | None:
        return self.cache.get(z, x, y)

    def want(self, tiles: list[tuple[int, int, int]]) -> None:
        """Fetch these missing (or stale) tiles, nearest first, a few at a time; forget earlier wishes."""
        if self.url is None:
            return
        self._queue = deque(t for t in tiles if t not in self._pending)
        self._pump()

    def url_for(self, z: int, x: int, y: int) -> str:
        assert self.url is not None
        sub = SUBDOMAINS[(x + y) % len(SUBDOMAINS)]
        return self.url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)).replace("{s}", sub)

    def _pump(self) -> None:
        if time.monotonic() < self._offline_until:
            self._queue.clear()
            return
        while self._queue and len(self._pending) < self.max_parallel:
            key = self._queue.popleft()
            if key in self._pending:
                continue
            if self._manager is None:
                self._manager = QNetworkAccessManager(self)
                self._manager.setTransferTimeout(15000)
            request = QNetworkRequest(QUrl(self.url_for(*key)))
            request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, USER_AGENT)
            request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                                 QNetworkRequest.CacheLoadControl.PreferNetwork)
            reply = self._manager.get(request)
            self._pending[key] = reply
            reply.finished.connect(lambda key=key, reply=reply: self._on_reply_finished(key, reply))

    def _on_reply_finished(self, key: tuple[int, int, int], reply: QNetworkReply) -> None:
        reply.deleteLater()
        if self._pending.pop(key, None) is not reply:  # cancelled meanwhile
            return
        if reply.error() != QNetworkReply.NetworkError.NoError:
            status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if status is None:  # no answer at all: the network (or the server) is unreachable
                log.info("map tiles unavailable (%s); showing the grid", reply.errorString())
                self._offline_until = time.monotonic() + OFFLINE_BACKOFF_S
                self._queue.clear()
                self._set_online(False)
            return
        pixmap = self.cache.put(*key, bytes(reply.readAll().data()))
        if pixmap is not None:
            self._set_online(True)
            self.tile_ready.emit(*key)
        self._pump()

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.online_changed.emit(online)

    def cancel(self) -> None:
        """Drop the wishes and abort downloads under way (the canvas is closing)."""
        self._queue.clear()
        pending, self._pending = self._pending, {}
        for reply in pending.values():
            reply.abort()
