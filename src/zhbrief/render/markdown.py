"""Markdown briefings: GitHub/CommonMark tables with every cell escaped."""

from __future__ import annotations

from ..models import ArticleBriefing, Briefing

MODEL_CREDIT = (
    "Translated offline by the Argos Translate zh→en package 1.9, derived from OPUS-MT "
    "(Tiedemann & Thottingal, EAMT 2020), licensed CC-BY 4.0."
)
_CELL_ESCAPES = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "#": "\\#",
}


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell: no pipe, markup, HTML or line break can escape it."""
    text = " ".join(text.split())
    return "".join(_CELL_ESCAPES.get(ch, ch) for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in rows]
    return lines


def _article_section(ab: ArticleBriefing, level: str = "##") -> list[str]:
    a = ab.article
    meta = a.metadata
    out = [f"{level} {escape_cell(a.title or a.doc_id)}", ""]
    out.append(f"*{escape_cell(ab.title_en)}*")
    out.append("")
    facts = [
        ("Date", meta.date or "not stated"),
        ("Source", meta.source or "not stated"),
        ("File", f"{a.path} ({a.encoding}, {a.original_script.value} script)"),
    ]
    out += [f"- **{k}:** {escape_cell(v)}" for k, v in facts]
    out.append("")
    rows = [[t.sentence_id, t.zh, t.en] for t in ab.translations]
    out += _table(["#", "中文", "English"], rows)
    out.append("")
    flags = [(t.sentence_id, f) for t in ab.translations for f in t.flags]
    if flags:
        out.append("**Flags**")
        out.append("")
        out += [f"- {sid}: {escape_cell(f)}" for sid, f in flags]
        out.append("")
    return out


def render_article(ab: ArticleBriefing, briefing: Briefing) -> str:
    lines = [f"# Briefing: {escape_cell(ab.title_en)}", "", f"`{briefing.signature}`", ""]
    lines += _article_section(ab, "##")
    lines += ["---", "", MODEL_CREDIT, ""]
    return "\n".join(lines)


def render_briefing(briefing: Briefing) -> str:
    n = len(briefing.articles)
    dates = sorted(d for d in (ab.article.metadata.date for ab in briefing.articles) if d)
    span = f"{dates[0][:10]} – {dates[-1][:10]}" if dates else "dates not stated"
    lines = [
        "# Comparative briefing / 对比简报",
        "",
        f"{n} source{'s' if n != 1 else ''}, {span}.",
        "",
        f"`{briefing.signature}`",
        "",
        "## At a glance",
        "",
    ]
    lines += _table(
        ["Article", "Date", "Headline (中文)", "Headline (English)"],
        [[ab.article.doc_id, ab.article.metadata.date or "", ab.article.title, ab.title_en] for ab in briefing.articles],
    )
    lines.append("")
    comp = briefing.comparison
    lines += ["## Themes", "", "### Shared", ""]
    lines += _table(["中文", "English", "Articles"], [[t.zh, t.en, ", ".join(t.doc_ids)] for t in comp.shared])
    lines += ["", "### Distinctive", ""]
    lines += _table(["中文", "English", "Article"], [[t.zh, t.en, ", ".join(t.doc_ids)] for t in comp.distinctive])
    lines += ["", "## Articles", ""]
    for ab in briefing.articles:
        lines += _article_section(ab, "###")
    lines += ["## Provenance", ""]
    lines += _table(
        ["File", "sha256", "Encoding", "Removed by normalization"],
        [[ab.article.path, ab.article.sha256, ab.article.encoding, str(len(ab.article.removals))] for ab in briefing.articles],
    )
    if briefing.failures:
        lines += ["", "Inputs that could not be used:", ""]
        lines += [f"- {escape_cell(p)}: {escape_cell(m)}" for p, m in briefing.failures]
    lines += ["", f"Glossary: {escape_cell(briefing.glossary_path)} (sha256 {briefing.glossary_sha256[:8]})", ""]
    lines += [MODEL_CREDIT, ""]
    return "\n".join(lines)
