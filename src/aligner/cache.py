"""A persistent key-value store keyed by content hash, shared by embeddings and translations.

SQLite rather than one file per entry: tens of thousands of sentence vectors load in
one query, writes are atomic, and several processes (batch runs, Dask workers on one
machine) can share the file safely.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from aligner.paths import cache_dir


def content_key(namespace: str, text: str) -> bytes:
    """The cache key of ``text`` under ``namespace`` (an encoder or model id)."""
    return hashlib.blake2b(
        namespace.encode("utf-8") + b"\0" + text.encode("utf-8"), digest_size=16
    ).digest()


class Store:
    """A table of ``key -> bytes`` in one SQLite file."""

    def __init__(self, table: str, path: Path | None = None) -> None:
        if not table.isidentifier():
            raise ValueError(f"bad table name {table!r}")
        self.table = table
        self.path = path or cache_dir() / "cache.sqlite3"
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=60)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (k BLOB PRIMARY KEY, v BLOB NOT NULL)"
            )
            self._local.conn = conn
        return conn

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored values of those ``keys`` that are present."""
        out: dict[bytes, bytes] = {}
        conn = self._conn()
        # SQLite caps bound parameters per statement; 500 stays well under every build's cap.
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT k, v FROM {self.table} WHERE k IN ({marks})", chunk)
            out.update((bytes(k), bytes(v)) for k, v in rows)
        return out

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        with self._transaction() as conn:
            conn.executemany(f"INSERT OR REPLACE INTO {self.table} (k, v) VALUES (?, ?)", items)

    def __len__(self) -> int:
        row = self._conn().execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()
        return int(row[0])

    def clear(self) -> None:
        with self._transaction() as conn:
            conn.execute(f"DELETE FROM {self.table}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with conn:
            yield conn
