"""Progress on a terminal (rich), silent when stderr is not a TTY."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from ..pipeline import Progress


@contextmanager
def progress_reporter() -> Iterator[Progress | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as RichProgress, SpinnerColumn, TextColumn

    with RichProgress(SpinnerColumn(), TextColumn("{task.description}: {task.completed}"), transient=True) as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, n: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=None)
            bar.advance(tasks[stage], n)

        yield report
