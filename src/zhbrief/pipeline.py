"""build(): the only place that knows the order of the stages."""

from __future__ import annotations

import os
import secrets
import signal
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import __version__
from .compare import Corpus, compare, figure_items, quote_items, with_figure_translations, with_quote_translations
from .errors import ZhbriefError
from .filenames import unique_names
from .glossary import Glossary, load_glossary
from .glossary.names import NameFinder
from .glossary.scope import scoped
from .models import Article, ArticleBriefing, Briefing, Overlap, SentenceKind
from .normalize import NormalizeOptions
from .parallel import MAX_ARTICLE_CHARS, MAX_ARTICLE_SENTENCES, PrepareOptions, Workers
from .render import RenderOptions
from .summarize import SummarizeOptions
from .translate import Engine, TranslateOptions, load_engine, translate_texts

if TYPE_CHECKING:
    from .cluster import Cluster

COMPARATIVE_NAME = "briefing.md"
DEVICES = ("auto", "cpu", "cuda")


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
    # A Dask scheduler's address (tcp://host:8786), or "local" for a LocalCluster of `jobs` workers: the
    # per-article stages and translation run on its workers (cluster.py); the output is the same.
    cluster: str = ""
    # Of a longer file only the first part is used, and its briefing says so (parallel.py says why).
    max_chars: int = MAX_ARTICLE_CHARS
    max_sentences: int = MAX_ARTICLE_SENTENCES


@dataclass(slots=True)
class BuildResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    device: str = ""  # where the model ran ("cpu", "cuda"); "" when an engine was passed in


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
    """Briefings of `inputs` written to options.out_dir; `engine` (not with options.cluster: the workers
    load their own) replaces the installed model."""
    if not options.cluster:
        return _build(inputs, options, engine, progress, None)
    if engine is not None:
        raise ValueError("a build on a cluster translates with the workers' own engine: pass engine=None")
    from .cluster import Cluster

    with Cluster(options.cluster, options.jobs) as cluster:
        return _build(inputs, options, None, progress, cluster)


def _build(inputs: Iterable[Path], options: BuildOptions, engine: Engine | None, progress: Progress | None,
           cluster: "Cluster | None") -> BuildResult:
    files = collect_inputs(inputs)
    if options.render.format == "pdf":
        from .render.pdf import find_chromium

        find_chromium()  # before minutes of translation, not after: RenderError says how to install it
    glossary = load_glossary(options.glossary) if options.glossary else _default_glossary()
    # load/normalize/summarize per article, across options.jobs processes, in input order; an article
    # with no body text is reported like an unreadable file.
    # The workers also rank every sentence for the overlap across articles when there is more than one file.
    prepare_options = PrepareOptions(
        options.normalize, options.summarize, glossary.path, glossary.sha256, options.full, rank=len(files) > 1,
        max_chars=options.max_chars, max_sentences=options.max_sentences,
    )
    translate_options, device = options.translate, ""
    if cluster is not None:  # a worker loads the model (and finds its device) while the articles are prepared
        cluster.start_engine(options.translate)
    elif engine is None:  # a device that is not there is said before any work is done
        device = resolve_device(options.translate.decode.device)
        translate_options = replace(options.translate, decode=replace(options.translate.decode, device=device))
    paths = [_display_path(f) for f in files]
    with nullcontext(cluster) if cluster is not None else Workers(options.jobs) as workers:
        if cluster is not None:
            prepared = cluster.prepare(paths, prepare_options, glossary, progress)
        else:
            prepared = workers.prepare(paths, prepare_options, progress)
        articles = [p.article for p in prepared if p.article is not None]
        summaries = [p.summary for p in prepared if p.summary is not None]
        failures = [(p.path, p.failure) for p in prepared if p.failure is not None]
        # The overlap runs in a worker (with --jobs 1: here, with the summarizer that summarized) while
        # this process loads the engine; on a cluster, here, where the comparison is made.
        pending = workers.overlap(prepared, prepare_options) if len(articles) > 1 else None
        if cluster is not None:
            engine = cluster.engine()
            device = engine.device
        else:
            engine = engine or load_engine(translate_options)
        overlap = pending.result() if pending is not None else Overlap()
    comparison = compare(Corpus(tuple(articles)), glossary, overlap)
    items: list[tuple[str, str]] = []
    names = {a.doc_id: "" if a.title else untitled_name(a) for a in articles}
    for a, s in zip(articles, summaries):
        items.append((f"{a.doc_id}#title", a.title or names[a.doc_id]))
        items += [(f"{a.doc_id}#{x.sentence.id}", x.sentence.text.strip()) for x in s.sentences]
    quotes = quote_items(comparison)
    items += [item for item in quotes if item[0] not in {i for i, _ in items}]
    # The clauses that say what each key figure counts go in the same batch as the sentences.
    figures = figure_items(comparison)
    # Each article's own sentences are translated with its own glossary (scope.py): short place names
    # (和平 for 和平区), the names it holds rendered once, its region's names and currency.
    finder = NameFinder(glossary)
    own = {a.doc_id: scoped(glossary, [a.title] + [x.text for x in a.sentences], finder=finder) for a in articles}
    scopes = {sid: own[sid.partition("#")[0]] for sid, _ in items + figures if sid.partition("#")[0] in own}
    if cluster is not None:
        rows = cluster.translate(items + figures, glossary, options.translate, scopes, progress)
    else:
        rows = translate_texts(items + figures, glossary, engine, options.translate, scopes=scopes)
        if progress:
            progress("translate", len(items) + len(figures))
    translated = {t.sentence_id: t for t in rows}
    comparison = with_figure_translations(comparison, {zh: translated[fid] for fid, zh in figures})
    comparison = with_quote_translations(comparison, {qid: translated[qid] for qid, _ in quotes})

    briefs = []
    for a, s in zip(articles, summaries):
        rows = tuple(
            _local(translated[f"{a.doc_id}#{x.sentence.id}"], x.sentence.id) for x in s.sentences
        )
        title = translated[f"{a.doc_id}#title"]
        briefs.append(ArticleBriefing(a, s, title.en, rows, title_doubts=title.doubts, name_zh=names[a.doc_id]))

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
    )
    result = BuildResult(briefing, failures=failures, device=device)
    if articles:
        result.written = write_briefings(briefing, options.out_dir, options.render)
    return result


def resolve_device(device: str) -> str:
    """"cpu" or "cuda" for DecodeOptions.device: "auto" is cuda when CTranslate2 sees a GPU, else cpu;
    ZhbriefError (exit code 1) for cuda without one or an unknown name."""
    if device not in DEVICES:
        raise ZhbriefError(f"unknown device {device!r} (one of {', '.join(DEVICES)})")
    if device == "cpu":
        return device
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        return "cuda"
    if device == "cuda":
        raise ZhbriefError("--device cuda: CTranslate2 finds no CUDA GPU on this machine (use --device cpu or auto)")
    return "cpu"


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


UNTITLED_NAME_CHARS = 30  # an article without a headline is named by at most this much of its first sentence


def untitled_name(article: Article) -> str:
    """Key words naming an article that has no headline: its first body sentence compressed as a headline
    writer would (attribution, dateline and asides dropped), cut at a word gap; "" without body text."""
    from .summarize import load_compressor

    first = next((s for s in article.sentences if s.kind is SentenceKind.BODY), None)
    if first is None:
        return ""
    compressor = load_compressor()
    text = compressor.finish(compressor.compress(first)).strip()
    if len(text) <= UNTITLED_NAME_CHARS:
        return text
    cut = text.rfind(" ", 0, UNTITLED_NAME_CHARS)
    return (text[:cut] if cut > 0 else text[:UNTITLED_NAME_CHARS]) + "…"


def _entries_used(articles: list[Article], glossary: Glossary):
    """Glossary entries whose term occurs in a title or body sentence, sorted by zh."""
    used = {hit.zh for a in articles for text in [a.title, *(s.text for s in a.body)] for hit in glossary.match(text)}
    return tuple(sorted((e for e in glossary.entries if e.zh in used), key=lambda e: e.zh))


def atomic_write(path: Path, text: str | bytes) -> Path:
    """Write to a temporary file in the same folder, then rename: a crash never leaves half a file.

    The file gets the mode the umask gives any new file (0644 under the usual 022), so others can
    read a briefing written into a shared folder. Ctrl-C (SIGINT) during the write is held until the
    file is whole and renamed, so an interrupted build leaves each file complete or untouched, and no
    temporary file behind.
    """
    with _sigint_deferred():
        fd, tmp = _new_temp_file(path)
        try:
            with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())  # the data is on disk before the name points at it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


def _new_temp_file(path: Path) -> tuple[int, str]:
    """A new file ".NAME.XXXXXXXX.tmp" beside `path`, opened for writing: (descriptor, path).

    Created with mode 0666 for the kernel to apply the umask to, as for any new file (tempfile.mkstemp
    makes it 0600, a mode the rename keeps); reading the umask would mean setting it, which races
    with the other threads of the process.
    """
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


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
