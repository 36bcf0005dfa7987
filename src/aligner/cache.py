"""A persistent key-value store keyed by content hash, shared by embeddings and translations.

SQLite rather than one file per entry: tens of thousands of sentence vectors load in
one query, writes are atomic, and several processes (batch runs, Dask workers on one
machine) can share the file safely.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from aligner.errors import AlignerError, InputError
from aligner.paths import cache_dir

_log = logging.getLogger("aligner")


def content_key(namespace: str, text: str) -> bytes:
    """The cache key of ``text`` under ``namespace`` (an encoder or model id)."""
    return hashlib.blake2b(
        namespace.encode("utf-8") + b"\0" + text.encode("utf-8"), digest_size=16
    ).digest()


def check_location(path: Path | None = None) -> None:
    """Make the cache's folder; :class:`InputError` when the path cannot be a cache (a
    file where the folder should be). Cheap: callers check before work that prints."""
    path = path or cache_dir() / "cache.sqlite3"
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as e:
        raise InputError(
            f"the cache folder {folder} is a file; remove it or point ALIGNER_CACHE_DIR at a folder"
        ) from e
    except OSError as e:
        raise InputError(
            f"cannot make the cache folder {folder} ({e.strerror or e}); "
            "point ALIGNER_CACHE_DIR at a folder you can write"
        ) from e
    if path.is_dir():
        raise InputError(f"the cache file {path} is a folder; remove it")


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
            check_location(self.path)
            try:
                conn = self._open()
            except sqlite3.OperationalError as e:
                raise AlignerError(f"cannot open the cache {self.path}: {e}") from e
            except sqlite3.DatabaseError as e:
                # Not a database (a truncated or overwritten file): it only ever held
                # results we can compute again, so keep it aside and start afresh.
                aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
                try:
                    os.replace(self.path, aside)
                except OSError as moving:
                    raise AlignerError(
                        f"the cache {self.path} is damaged ({e}) and cannot be moved aside "
                        f"({moving.strerror}); delete it, or point ALIGNER_CACHE_DIR elsewhere"
                    ) from e
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                _log.warning(
                    "aligner: the cache %s was damaged (%s); moved it to %s and started a "
                    "new one (delete the old one when you like)",
                    self.path,
                    e,
                    aside.name,
                )
                conn = self._open()
            self._local.conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=60)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (k BLOB PRIMARY KEY, v BLOB NOT NULL)"
            )
        except BaseException:
            conn.close()
            raise
        return conn

    def _unusable(self, e: sqlite3.OperationalError) -> AlignerError:
        return AlignerError(
            f"cannot use the cache {self.path} ({e}): free space on its disk, let another "
            "aligner using it finish, or point ALIGNER_CACHE_DIR at another folder"
        )

    def _damaged(self, e: sqlite3.DatabaseError) -> AlignerError:
        return AlignerError(
            f"the cache {self.path} is damaged ({e}); delete it (it only holds results "
            "aligner can compute again) and run again"
        )

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored values of those ``keys`` that are present."""
        out: dict[bytes, bytes] = {}
        conn = self._conn()
        try:
            # SQLite caps bound parameters per statement; 500 stays under every build's cap.
            for i in range(0, len(keys), 500):
                chunk = list(keys[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT k, v FROM {self.table} WHERE k IN ({marks})", chunk)
                out.update((bytes(k), bytes(v)) for k, v in rows)
        except sqlite3.OperationalError as e:  # a full disk, a lock held past the timeout
            raise self._unusable(e) from e
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e
        return out

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        try:
            with self._transaction() as conn:
                conn.executemany(f"INSERT OR REPLACE INTO {self.table} (k, v) VALUES (?, ?)", items)
        except sqlite3.OperationalError as e:  # a full disk, a lock held past the timeout
            raise self._unusable(e) from e
        except sqlite3.DatabaseError as e:
            raise self._damaged(e) from e

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
