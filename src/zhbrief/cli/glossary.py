"""zhbrief glossary: list, show, add, remove, check, coverage, suggest, export, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import EXIT_ERROR, EXIT_GLOSSARY

app = typer.Typer(help="Inspect and maintain the education-policy glossary.", no_args_is_help=True)

GlossaryOpt = typer.Option(None, "--glossary", "-g", help="Glossary TSV (default: the shipped one).")


def _path(glossary: Optional[Path]) -> Path:
    from ..paths import default_glossary

    return glossary or default_glossary()


def _load(glossary: Optional[Path]):
    from ..glossary import load_glossary

    return load_glossary(_path(glossary))


def _row(e) -> str:
    parts = [e.zh, e.en, e.category]
    if e.status:
        parts.append(f"[{e.status}]")
    return "\t".join(parts)


@app.command("list")
def list_(
    category: Optional[str] = typer.Option(None, "--category", "-c", help="Only this category."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Only entries whose zh, en or note contain this."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Entries, one per line: zh, en, category."""
    g = _load(glossary)
    needle = search.lower() if search else None
    shown = 0
    for e in g.entries:
        if category and e.category != category:
            continue
        if needle and not any(needle in v.lower() for v in (e.zh, e.en, e.note)) and g.lookup(search) is not e:
            continue
        typer.echo(_row(e))
        shown += 1
    typer.echo(f"{shown} of {len(g.entries)} entries", err=True)


@app.command("show")
def show(term: str = typer.Argument(..., help="A Chinese term (simplified or traditional)."), glossary: Optional[Path] = GlossaryOpt) -> None:
    """One entry with every field, and the entries it contains or is part of."""
    g = _load(glossary)
    e = g.lookup(term.strip())
    if e is None:
        typer.echo(f"{term!r} is not in the glossary {g.path}", err=True)
        hits = g.match(term)
        if hits:
            typer.echo("it contains: " + ", ".join(f"{h.zh} ({h.en})" for h in hits), err=True)
        raise typer.Exit(EXIT_ERROR)
    for column in ("zh", "en", "category", "note", "source", "status"):
        typer.echo(f"{column + ':':<10}{getattr(e, column)}")
    inside = [x.zh for x in g.entries if x.zh in e.zh and x.zh != e.zh]
    longer = [x.zh for x in g.entries if e.zh in x.zh and x.zh != e.zh]
    if longer:
        typer.echo(f"{'part of:':<10}{', '.join(longer)}")
    if inside:
        typer.echo(f"{'contains:':<10}{', '.join(inside)}")


@app.command("add")
def add(
    zh: str = typer.Argument(..., help="The Chinese term, simplified script."),
    en: str = typer.Argument(..., help="Its canonical English."),
    category: str = typer.Option("policy", "--category", "-c"),
    note: str = typer.Option("", "--note"),
    source: str = typer.Option("", "--source"),
    status: str = typer.Option("", "--status", help="Empty for curated, or draft."),
    forms: str = typer.Option("", "--forms", help='Other forms of EN that also count, "|"-separated: assist|assisted.'),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Add an entry at its sorted place; refuses a term already present."""
    from ..glossary.check import STATUSES
    from ..glossary.io import add_entries
    from ..models import GlossaryEntry, split_forms
    from ..normalize.script import to_simplified

    zh = zh.strip()
    if to_simplified(zh) != zh:
        typer.echo(f"error: {zh!r} is not simplified script; use {to_simplified(zh)!r}", err=True)
        raise typer.Exit(EXIT_GLOSSARY)
    if status not in STATUSES:
        typer.echo(f"error: status must be empty or one of: {', '.join(s for s in STATUSES if s)}", err=True)
        raise typer.Exit(EXIT_GLOSSARY)
    path = _path(glossary)
    forms = "|".join(split_forms(forms))
    add_entries(path, [GlossaryEntry(zh, en.strip(), category.strip(), note.strip(), source.strip(), status, forms)])
    typer.echo(f"added {zh} -> {en.strip()} to {path}")


@app.command("remove")
def remove(zh: str = typer.Argument(...), glossary: Optional[Path] = GlossaryOpt) -> None:
    """Remove the entry for ZH, keeping every other line as it is."""
    from ..glossary.io import remove_entry

    path = _path(glossary)
    e = remove_entry(path, zh)
    typer.echo(f"removed {e.zh} -> {e.en} from {path}")


@app.command("check")
def check(
    glossary: Optional[Path] = typer.Argument(None, help="Glossary TSV (default: the shipped one)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list overlapping terms (info)."),
) -> None:
    """Lint: duplicates, conflicting English, non-simplified zh, empty fields, stray whitespace or tabs,
    unsorted lines (errors); unknown categories (warnings); overlapping terms (info). Exit 5 on errors."""
    from ..glossary.check import Level, check_file

    path = _path(glossary)
    problems = check_file(path)
    counts = {lvl: sum(1 for p in problems if p.level is lvl) for lvl in Level}
    for p in problems:
        if p.level is Level.INFO and not verbose:
            continue
        typer.echo(p.format(str(path)), err=p.level is not Level.INFO)
    from ..glossary.io import read_file

    n = len(read_file(path).rows)
    summary = f"{path}: {n} entries, {counts[Level.ERROR]} errors, {counts[Level.WARNING]} warnings, {counts[Level.INFO]} overlaps"
    if counts[Level.INFO] and not verbose:
        summary += " (resolved by longest match; -v lists them)"
    typer.echo(summary, err=bool(counts[Level.ERROR]))
    if counts[Level.ERROR]:
        raise typer.Exit(EXIT_GLOSSARY)


def _corpus(paths: list[Path]):
    from ..glossary.coverage import read_corpus

    docs, failures = read_corpus(paths)
    for path, reason in failures:
        typer.echo(f"skipped {path}: {reason}", err=True)
    if not docs:
        typer.echo("error: no readable article in the given paths", err=True)
        raise typer.Exit(EXIT_ERROR)
    return docs


@app.command("coverage")
def coverage(
    paths: list[Path] = typer.Argument(..., help="Article files or folders."),
    top: int = typer.Option(25, "--top", "-n", min=1, help="How many entries and candidates to show."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Which entries occur in the corpus and how often, and frequent candidate terms with no entry."""
    from ..glossary.coverage import coverage as run

    g = _load(glossary)
    docs = _corpus(paths)
    report = run(g, docs)
    typer.echo(f"# {len(report.used)} of {len(g.entries)} entries occur in {report.documents} documents "
               f"({sum(u.count for u in report.used)} hits)")
    typer.echo("## most used entries (hits, documents)")
    for u in report.used[:top]:
        typer.echo(f"{u.count:5d} {u.documents:3d}  {u.entry.zh}\t{u.entry.en}")
    typer.echo(f"## candidates without an entry (count, documents, kind, guessed category): {len(report.candidates)}")
    for c in report.candidates[:top]:
        extra = f"\t{c.en} (transliterated)" if c.en else ""
        typer.echo(f"{c.count:5d} {c.documents:3d}  {c.kind:<11} {c.category:<11} {c.zh}{extra}")


@app.command("suggest")
def suggest(
    paths: list[Path] = typer.Argument(..., help="Article files or folders."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many candidates to draft."),
    accept: list[str] = typer.Option([], "--accept", "-a", help="With --write: only these terms (repeatable)."),
    write: bool = typer.Option(False, "--write", help="Append the drafts to the glossary with status draft."),
    no_model: bool = typer.Option(False, "--no-model", help="Skip the model; CC-CEDICT glosses only."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Candidate entries with a draft English (model translation, CC-CEDICT gloss) for a human to accept."""
    from ..glossary.coverage import CandidateFinder
    from ..glossary.io import add_entries
    from ..glossary.suggest import draft_entry, suggest as run

    g = _load(glossary)
    docs = _corpus(paths)
    finder = CandidateFinder(g)
    candidates = finder.candidates(docs)[:top]
    engine = None
    if not no_model:
        from ..translate import load_engine

        engine = load_engine()
    tokenizer = finder.tagger.tokenizer
    suggestions = run(candidates, engine, segment=lambda zh: tokenizer.lcut(zh, HMM=False), glossary=g)
    typer.echo("# count docs  zh\tcategory\tdraft English\t| model | CC-CEDICT")
    for s in suggestions:
        c = s.candidate
        typer.echo(f"{c.count:5d} {c.documents:3d}  {c.zh}\t{c.category}\t{s.draft_en}\t| {s.model_en or '-'} | {s.gloss or '-'}")
    if write:
        chosen = [s for s in suggestions if not accept or s.candidate.zh in accept]
        missing = set(accept) - {s.candidate.zh for s in suggestions}
        if missing:
            typer.echo("not among the suggestions: " + ", ".join(sorted(missing)), err=True)
            raise typer.Exit(EXIT_ERROR)
        path = _path(glossary)
        add_entries(path, [draft_entry(s) for s in chosen])
        typer.echo(f"appended {len(chosen)} draft entries to {path}")


@app.command("export")
def export(
    format: str = typer.Option("tsv", "--format", "-f", help="tsv, csv or tbx."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """The glossary as TSV, CSV or TBX-Basic (for OmegaT, memoQ, Trados)."""
    from ..glossary.exchange import export_text, format_of
    from ..glossary.io import write_atomic

    g = _load(glossary)
    text = export_text(g.entries, format_of(out or f"x.{format}", format))
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)
        typer.echo(f"wrote {len(g.entries)} entries to {out}", err=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .tsv, .csv or .tbx glossary."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="tsv, csv or tbx (default: from the extension)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report only; change nothing."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Add the file's new entries; report entries already present and conflicts (never overwritten)."""
    from ..glossary.exchange import parse_import, plan_import
    from ..glossary.io import add_entries

    path = _path(glossary)
    current = _load(glossary).entries if path.exists() else ()
    report = plan_import(current, parse_import(file, format))
    for old, new in report.conflicts:
        fields = [c for c in ("en", "category", "note", "source", "status") if getattr(old, c) != getattr(new, c)]
        diff = "; ".join(f"{c}: {getattr(old, c)!r} -> {getattr(new, c)!r}" for c in fields)
        typer.echo(f"conflict {old.zh}: {diff} (kept the glossary's)", err=True)
    if report.added and not dry_run:
        add_entries(path, list(report.added), create=True)
    verb = "would add" if dry_run else "added"
    typer.echo(f"{verb} {len(report.added)}, unchanged {len(report.unchanged)}, conflicts {len(report.conflicts)}")
    if report.conflicts:
        raise typer.Exit(EXIT_GLOSSARY)
