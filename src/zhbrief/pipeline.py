"""build(): the only place that knows the order of the stages."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .compare import Corpus, compare, figure_items, with_figure_translations
from .filenames import unique_names
from .glossary import Glossary, load_glossary
from .glossary.names import NameFinder
from .glossary.scope import scoped
from .models import Article, ArticleBriefing, Briefing, CorpusOverview
from .normalize import NormalizeOptions
from .parallel import PrepareOptions, Workers
from .render import RenderOptions
from .summarize import SummarizeOptions
from .translate import Engine, TranslateOptions, load_engine, translate_texts

COMPARATIVE_NAME = "briefing.md"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path = Path("briefings")
    glossary: Path | None = None
    normalize: NormalizeOptions = NormalizeOptions()
    summarize: SummarizeOptions = SummarizeOptions()
    translate: TranslateOptions = TranslateOptions()
    render: RenderOptions = RenderOptions()
    full: bool = False  # translate every body sentence instead of a summary
    jobs: int = 1  # processes for load/normalize/summarize; 0 = one per CPU; output is the same for any value


@dataclass(slots=True)
class BuildResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[str, int], None]  # (stage description, units done); no-op by default


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders expanded to their non-hidden files, sorted for deterministic output."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def build(
    inputs: Iterable[Path],
    options: BuildOptions = BuildOptions(),
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    files = collect_inputs(inputs)
    glossary = load_glossary(options.glossary) if options.glossary else _default_glossary()
    # load/normalize/summarize per article, across options.jobs processes, in input order; an article
    # with no body text is reported like an unreadable file.
    # The workers also rank every sentence for the overview when there is more than one file.
    prepare_options = PrepareOptions(
        options.normalize, options.summarize, glossary.path, glossary.sha256, options.full, rank=len(files) > 1
    )
    with Workers(options.jobs) as workers:
        prepared = workers.prepare([_display_path(f) for f in files], prepare_options, progress)
        articles = [p.article for p in prepared if p.article is not None]
        summaries = [p.summary for p in prepared if p.summary is not None]
        failures = [(p.path, p.failure) for p in prepared if p.failure is not None]
        # The overview runs in a worker (with --jobs 1: here, with the summarizer that summarized) while
        # this process loads the engine and compares.
        pending = workers.overview(prepared, prepare_options) if len(articles) > 1 else None
        engine = engine or load_engine(options.translate)
        comparison = compare(Corpus(tuple(articles)), glossary)
        overview = pending.result() if pending is not None else None
    items: list[tuple[str, str]] = []
    for a, s in zip(articles, summaries):
        items.append((f"{a.doc_id}#title", a.title))
        items += [(f"{a.doc_id}#{x.sentence.id}", x.sentence.text.strip()) for x in s.sentences]
    overview_ids = _overview_items(overview)
    items += [item for item in overview_ids if item[0] not in {i for i, _ in items}]
    # The clauses that say what each key figure counts go in the same batch as the sentences.
    figures = figure_items(comparison)
    # Each article's own sentences are translated with its own glossary (scope.py): short place names
    # (和平 for 和平区), the names it holds rendered once, its region's names and currency.
    finder = NameFinder(glossary)
    own = {a.doc_id: scoped(glossary, [a.title] + [x.text for x in a.sentences], finder=finder) for a in articles}
    scopes = {sid: own[sid.partition("#")[0]] for sid, _ in items + figures if sid.partition("#")[0] in own}
    translated = {t.sentence_id: t for t in translate_texts(items + figures, glossary, engine, options.translate,
                                                            scopes=scopes)}
    comparison = with_figure_translations(comparison, {zh: translated[fid] for fid, zh in figures})
    if progress:
        progress("translate", len(items) + len(figures))

    briefs = []
    for a, s in zip(articles, summaries):
        rows = tuple(
            _local(translated[f"{a.doc_id}#{x.sentence.id}"], x.sentence.id) for x in s.sentences
        )
        briefs.append(ArticleBriefing(a, s, translated[f"{a.doc_id}#title"].en, rows))

    signature = " | ".join(
        [
            f"zhbrief {__version__}",
            f"opencc {options.normalize.opencc_config}",
            "jieba 0.42",
            summaries[0].method if summaries else ("full" if options.full else f"textrank(k={options.summarize.sentences})"),
            engine.signature,
            f"glossary {glossary.sha256[:8]}",
        ]
    )
    briefing = Briefing(
        tuple(briefs),
        comparison,
        signature,
        glossary_path=_display_path(Path(glossary.path)).as_posix(),
        glossary_sha256=glossary.sha256,
        failures=tuple(failures),
        glossary_entries=_entries_used(articles, glossary),
        overview=overview,
        overview_en=tuple((key, translated[key].en) for key, _ in overview_ids),
    )
    result = BuildResult(briefing, failures=failures)
    if articles:
        result.written = write_briefings(briefing, options.out_dir, options.render)
    return result


def write_briefings(briefing: Briefing, out_dir: Path, options: RenderOptions = RenderOptions()) -> list[Path]:
    """The comparative briefing, then one per article, in the chosen format; returns the paths written."""
    from .render import render_article, render_briefing

    out_dir.mkdir(parents=True, exist_ok=True)
    ext = options.extension
    name = Path(COMPARATIVE_NAME).with_suffix(ext).name
    written = [atomic_write(out_dir / name, render_briefing(briefing, options))]
    names = unique_names([ab.article.doc_id for ab in briefing.articles], ext, reserved=[name])
    for ab, file_name in zip(briefing.articles, names):
        written.append(atomic_write(out_dir / file_name, render_article(ab, briefing, options)))
    return written


def _entries_used(articles: list[Article], glossary: Glossary):
    """Glossary entries whose term occurs in a title or body sentence, sorted by zh."""
    used = {hit.zh for a in articles for text in [a.title, *(s.text for s in a.body)] for hit in glossary.match(text)}
    return tuple(sorted((e for e in glossary.entries if e.zh in used), key=lambda e: e.zh))


def _overview_items(overview: CorpusOverview | None) -> list[tuple[str, str]]:
    """(id, zh) of the sentences the overview quotes, with the same ids as summary sentences."""
    if overview is None:
        return []
    quoted = [s for p in overview.shared_points for s in p.sentences] + [d.sentence for d in overview.distinctive]
    seen: dict[str, str] = {}
    for q in quoted:
        seen.setdefault(f"{q.doc_id}#{q.sentence.id}", q.sentence.text.strip())
    return list(seen.items())


def atomic_write(path: Path, text: str) -> Path:
    """Write to a temporary file in the same folder, then rename: a crash never leaves half a file.

    Ctrl-C (SIGINT) during the write is held until the file is whole and renamed, so an interrupted
    build leaves each file complete or untouched, and no temporary file behind.
    """
    with _sigint_deferred():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())  # the data is on disk before the name points at it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


@contextmanager
def _sigint_deferred():
    """Hold a Ctrl-C (SIGINT) that arrives inside the block, and raise it on leaving.

    A handler swap, not a signal mask: a mask only covers this thread, and the kernel hands the
    signal to any other thread (the model runtime's, a progress bar's), which Python then raises
    in the main thread mid-write all the same.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # KeyboardInterrupt is only ever raised in the main thread
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if held:
            if callable(previous):
                previous(signal.SIGINT, None)  # Python's default handler raises KeyboardInterrupt
            elif previous != signal.SIG_IGN:
                os.kill(os.getpid(), signal.SIGINT)  # SIG_DFL: let the signal end the process as usual


def _local(t, sentence_id: str):
    from dataclasses import replace

    return replace(t, sentence_id=sentence_id)


def _default_glossary() -> Glossary:
    from . import paths

    return load_glossary(paths.default_glossary())


def _display_path(p: Path) -> Path:
    """Relative to the working directory when inside it, so output does not depend on the checkout's location."""
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return p
