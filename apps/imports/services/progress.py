"""Progress and cancel requests of a running step, as small files next to the upload.

A commit runs in one long transaction: what it writes to the database is invisible to the
page asking how far it is, and a cancel written to the database would wait for its locks.
Files are seen at once by every process on the host (web and worker)."""

import json
import os
import time
from pathlib import Path

from django.conf import settings

WRITE_EVERY = 0.5  # seconds


def job_dir(job_id: int) -> Path:
    return Path(settings.IMPORT_FILES_ROOT) / str(job_id)


class Progress:
    def __init__(self, job_id: int, phase: str, total: int):
        self.path = job_dir(job_id) / "progress.json"
        self.phase, self.total, self.done = phase, total, 0
        self.started = time.time()
        self.written = 0.0
        self.write(force=True)

    def advance(self, rows: int) -> None:
        self.done += rows
        self.write()

    def write(self, *, force: bool = False) -> None:
        now = time.time()
        if not force and now - self.written < WRITE_EVERY:
            return
        self.written = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "phase": self.phase,
            "done": self.done,
            "total": max(self.total, self.done),
            "started": self.started,
        }
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps(data))
        os.replace(temp, self.path)

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)


def read_progress(job_id: int) -> dict | None:
    """{"phase", "done", "total", "percent", "seconds_left"} or None when nothing runs."""
    try:
        data = json.loads((job_dir(job_id) / "progress.json").read_text())
    except (OSError, ValueError):
        return None
    total, done = max(int(data.get("total") or 0), 1), int(data.get("done") or 0)
    elapsed = max(time.time() - float(data.get("started") or time.time()), 0.001)
    data["percent"] = min(100, int(done * 100 / total))
    data["seconds_left"] = int(elapsed / done * (total - done)) if done and total > done else None
    return data


def request_cancel(job_id: int) -> None:
    path = job_dir(job_id) / "cancel"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def cancel_requested(job_id: int) -> bool:
    return (job_dir(job_id) / "cancel").exists()


def clear_cancel(job_id: int) -> None:
    (job_dir(job_id) / "cancel").unlink(missing_ok=True)
