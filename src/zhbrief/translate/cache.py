"""Persistent SQLite translation cache.

Key: model id and version, decoding and enforcement options, the glossary entries that touch the
sentence (so editing one entry re-translates only the sentences containing it), and the sentence.
WAL journaling and a busy timeout let two builds share it (opening is retried while another build
holds a new file); every write is one transaction, so a killed run leaves either the old or the new
rows, never a broken file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Sequence

from ..models import TermHit, TranslatedSentence

CACHE_FILE = "translations.sqlite3"
BUSY_TIMEOUT_MS = 30_000  # a concurrent build holds the write lock for one short transaction
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    zh TEXT NOT NULL,
    en TEXT NOT NULL,
    terms TEXT NOT NULL,
    flags TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def cache_key(model: str, options_key: str, terms: Sequence[TermHit], zh: str) -> str:
    """sha256 over everything that changes the English of `zh`."""
    touching = sorted({(t.zh, t.en, t.category, t.transliterated, t.forms) for t in terms})
    blob = json.dumps([SCHEMA_VERSION, model, options_key, touching, zh], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _hit(row: dict) -> TermHit:
    return TermHit(**{**row, "forms": tuple(row.get("forms", ()))})


def _while_locked(step) -> None:
    """Run `step`, again while another process holds the file, for up to BUSY_TIMEOUT_MS.

    SQLite's busy handler does not cover every lock: two connections switching a new file to WAL
    at once make one fail with "database is locked" at once, whatever the timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return step()
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class TranslationCache:
    """One SQLite file; open per build, close when done (usable as a context manager)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _while_locked(self._set_up)

    def _set_up(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        if "extra" not in {row[1] for row in self._db.execute("PRAGMA table_info(translations)")}:
            self._db.execute("ALTER TABLE translations ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'")  # a pre-0.2 file

    @classmethod
    def default(cls) -> "TranslationCache":
        from .. import paths

        return cls(paths.cache_dir() / CACHE_FILE)

    def __enter__(self) -> "TranslationCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get_many(self, keys: Iterable[str]) -> dict[str, TranslatedSentence]:
        """Cached sentences by key (sentence_id is left empty: the caller sets it)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, TranslatedSentence] = {}
        for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
            chunk = keys[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, zh, en, terms, flags, extra FROM translations WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for key, zh, en, terms, flags, extra in rows:
                more = json.loads(extra)
                found[key] = TranslatedSentence(
                    "", zh, en, tuple(_hit(t) for t in json.loads(terms)), tuple(json.loads(flags)), cached=True,
                    confidence=more.get("confidence", 1.0), doubts=tuple(more.get("doubts", ())),
                    clauses=tuple(tuple(c) for c in more.get("clauses", ())),
                    signals=tuple(tuple(x) for x in more.get("signals", ())),
                )
        return found

    def put_many(self, model: str, rows: Iterable[tuple[str, TranslatedSentence]]) -> None:
        """Store (key, sentence) rows in one transaction."""
        data = [
            (key, model, t.zh, t.en, json.dumps([asdict(h) for h in t.terms], ensure_ascii=False),
             json.dumps(list(t.flags), ensure_ascii=False),
             json.dumps({"confidence": t.confidence, "doubts": list(t.doubts), "clauses": [list(c) for c in t.clauses],
                         "signals": [list(x) for x in t.signals]},
                        ensure_ascii=False))
            for key, t in rows
        ]
        if not data:
            return
        with self._db:  # BEGIN ... COMMIT (ROLLBACK on error)
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, model, zh, en, terms, flags, extra) VALUES (?,?,?,?,?,?,?)", data
            )

    def info(self) -> dict[str, object]:
        n, models = self._db.execute("SELECT count(*), count(DISTINCT model) FROM translations").fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {"path": str(self.path), "entries": n, "models": models, "bytes": size}

    def clear(self) -> int:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            n = self._db.execute("DELETE FROM translations").rowcount
        self._db.execute("VACUUM")
        return n
