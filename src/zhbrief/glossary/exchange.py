"""Export and import glossaries as TSV, CSV and TBX (TBX-Basic style, as OmegaT, memoQ and Trados read it).

Every column survives a round trip: TBX keeps category as subjectField, note as note, source as
admin source, status as the English term's administrativeStatus, and forms as a "zhbrief-forms:" note.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Sequence

from ..errors import GlossaryError
from ..models import GlossaryEntry
from .io import COLUMNS

__all__ = ["FORMATS", "export_text", "parse_import", "ImportReport", "plan_import", "format_of"]

FORMATS = ("tsv", "csv", "tbx")
ZH_LANG, EN_LANG = "zh-CN", "en"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Our status <-> TBX-Basic administrativeStatus picklist values.
STATUS_TO_TBX = MappingProxyType({
    "": "preferredTerm-admn-sts",
    "draft": "admittedTerm-admn-sts",
    "transliterated": "admittedTerm-admn-sts",
})
TRANSLITERATED_NOTE = "zhbrief-status: transliterated"  # keeps the two admitted statuses apart
FORMS_NOTE = "zhbrief-forms: "  # + the forms column: TBX-Basic has no field for inflected forms of a term


def format_of(path: str | Path, explicit: str | None = None) -> str:
    fmt = (explicit or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise GlossaryError(f"unknown glossary format {fmt!r} for {path}; use one of {', '.join(FORMATS)}")
    return fmt


def export_text(entries: Sequence[GlossaryEntry], fmt: str) -> str:
    """The entries as a tsv, csv or tbx document."""
    if fmt == "tsv":
        from .io import entry_line

        return "\n".join(["\t".join(COLUMNS), *(entry_line(e) for e in entries)]) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for e in entries:
            w.writerow([getattr(e, c) for c in COLUMNS])
        return buf.getvalue()
    if fmt == "tbx":
        return _to_tbx(entries)
    raise GlossaryError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def _to_tbx(entries: Sequence[GlossaryEntry]) -> str:
    martif = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: EN_LANG})
    header = ET.SubElement(martif, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "zhbrief education-policy glossary"
    encoding_desc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for n, e in enumerate(entries, 1):
        term_entry = ET.SubElement(body, "termEntry", {"id": f"t{n}"})
        if e.category:
            ET.SubElement(term_entry, "descrip", {"type": "subjectField"}).text = e.category
        if e.source:
            ET.SubElement(term_entry, "admin", {"type": "source"}).text = e.source
        if e.note:
            ET.SubElement(term_entry, "note").text = e.note
        if e.status == "transliterated":
            ET.SubElement(term_entry, "note").text = TRANSLITERATED_NOTE
        if e.forms:
            ET.SubElement(term_entry, "note").text = FORMS_NOTE + e.forms
        for lang, term in ((ZH_LANG, e.zh), (EN_LANG, e.en)):
            tig = ET.SubElement(ET.SubElement(term_entry, "langSet", {XML_LANG: lang}), "tig")
            ET.SubElement(tig, "term").text = term
            ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = "noun"
            if lang == EN_LANG:
                status = STATUS_TO_TBX.get(e.status)
                if status is None:
                    raise GlossaryError(f"status {e.status!r} of {e.zh!r} has no TBX equivalent")
                ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    ET.indent(martif)
    body_xml = ET.tostring(martif, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + body_xml + "\n"


def parse_import(path: str | Path, fmt: str | None = None) -> list[GlossaryEntry]:
    """Entries read from a tsv, csv or tbx file (format from the extension unless given)."""
    fmt = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise GlossaryError(f"cannot read {path}: {e.strerror or e}") from None
    text = data.decode("utf-8-sig")
    if fmt == "tbx":
        return _from_tbx(text, str(path))
    if fmt == "tsv":
        from .io import parse_text

        gf = parse_text(text, str(path))
        if gf.header[:2] != ("zh", "en"):
            raise GlossaryError(f"{path}: first row must be a header starting with zh<TAB>en")
        return gf.entries()
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [h.strip() for h in rows[0][:2]] != ["zh", "en"]:
        raise GlossaryError(f"{path}: first row must be a header starting with zh,en")
    header = [h.strip() for h in rows[0]]
    return [GlossaryEntry(**{c: dict(zip(header, r)).get(c, "").strip() for c in COLUMNS}) for r in rows[1:] if any(r)]


def _from_tbx(text: str, path: str) -> list[GlossaryEntry]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        raise GlossaryError(f"{path} is not well-formed XML: {e}") from None
    if root.tag != "martif":
        raise GlossaryError(f"{path}: root element is <{root.tag}>, expected <martif> (TBX)")
    out = []
    for te in root.iter("termEntry"):
        terms: dict[str, tuple[str, str]] = {}
        for ls in te.findall("langSet"):
            lang = (ls.get(XML_LANG) or ls.get("lang") or "").lower()
            tig = ls.find("tig")
            if tig is None:
                tig = ls.find("ntig/termGrp")
            term = tig.findtext("term", "").strip() if tig is not None else ""
            status = ""
            if tig is not None:
                for tn in tig.findall("termNote"):
                    if tn.get("type") == "administrativeStatus":
                        status = (tn.text or "").strip()
            terms.setdefault(lang.split("-")[0], (term, status))
        zh, _ = terms.get("zh", ("", ""))
        en, tbx_status = terms.get("en", ("", ""))
        if not zh or not en:
            raise GlossaryError(f"{path}: termEntry {te.get('id', '?')} lacks a zh or en term")
        notes = [(n.text or "").strip() for n in te.findall("note")]
        status = "" if tbx_status in ("", "preferredTerm-admn-sts") else "draft"
        if TRANSLITERATED_NOTE in notes:
            notes.remove(TRANSLITERATED_NOTE)
            status = "transliterated"
        forms = "".join(n[len(FORMS_NOTE) :].strip() for n in notes if n.startswith(FORMS_NOTE))
        notes = [n for n in notes if not n.startswith(FORMS_NOTE)]
        category = next(((d.text or "").strip() for d in te.findall("descrip") if d.get("type") == "subjectField"), "")
        source = next(((a.text or "").strip() for a in te.findall("admin") if a.get("type") == "source"), "")
        out.append(GlossaryEntry(zh, en, category, " ".join(notes), source, status, forms))
    return out


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[GlossaryEntry, ...]
    unchanged: tuple[GlossaryEntry, ...]
    conflicts: tuple[tuple[GlossaryEntry, GlossaryEntry], ...]  # (current, incoming)


def plan_import(current: Iterable[GlossaryEntry], incoming: Iterable[GlossaryEntry]) -> ImportReport:
    """Sort incoming entries into new, identical and conflicting (same zh, different fields)."""
    from ..normalize.script import to_simplified

    have = {e.zh: e for e in current}
    added: dict[str, GlossaryEntry] = {}
    unchanged, conflicts = [], []
    for e in incoming:
        zh = to_simplified(e.zh)
        if zh != e.zh:
            e = replace(e, zh=zh)
        old = have.get(e.zh) or added.get(e.zh)
        if old is None:
            added[e.zh] = e
        elif old == e:
            unchanged.append(e)
        else:
            conflicts.append((old, e))
    return ImportReport(tuple(added.values()), tuple(unchanged), tuple(conflicts))
