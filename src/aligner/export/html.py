"""A standalone side-by-side HTML page: columns per article, linked sentences in one colour.

No external assets: the page must open offline and survive being mailed around.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from aligner.model import Alignment, Document
from aligner.textio import strip_controls

# Distinct hues that stay readable on white; a link's score sets the tint's strength.
_PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#808000",
    "#000075",
    "#bfef45",
)

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:.6em 1em;background:#263238;color:#eee}
header small{color:#b0bec5}
main{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(22em,1fr);gap:1em;padding:1em;
 overflow-x:auto}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.2em 1em 1em;
 max-height:88vh;overflow-y:auto}
h2{font-size:1em;position:sticky;top:0;background:#fff;padding:.5em 0;margin:0;
 border-bottom:1px solid #eee}
h2 .lang{color:#888;font-weight:normal}
p{margin:.5em 0}
.s{border-radius:3px;padding:0 .1em;cursor:pointer;border-bottom:3px solid transparent}
.s.unmatched{color:#888}
.s.sel{outline:2px solid #222}
.s.hl{background:var(--c)}
.t{display:block;color:#607d8b;font-size:.92em;margin:0 0 .3em .8em}
.score{font-size:.75em;color:#555;vertical-align:super}
mark.ev{background:none;color:inherit;padding:0;border-bottom:2px dotted var(--k,#555)}
mark.ev.on{background:#fffc;color:#000;font-weight:600;border-bottom-style:solid}
.ev-number{--k:#c62828}.ev-name{--k:#1565c0}.ev-word{--k:#2e7d32}.ev-lexicon{--k:#6a1b9a}
.ev-dictionary{--k:#ef6c00}
"""

_SCRIPT = """
const links = JSON.parse(document.getElementById('links').textContent);
const marks = document.querySelectorAll('mark.ev');
function clear(){document.querySelectorAll('.s.hl,.s.sel').forEach(e=>{
 e.classList.remove('hl','sel');e.style.removeProperty('--c')});
 marks.forEach(m=>m.classList.remove('on'));}
function show(el){clear();el.classList.add('sel');
 const ids=el.dataset.links?el.dataset.links.split(' '):[];
 ids.forEach(i=>{const l=links[+i];
  for(const side of [l.source,l.target]) for(const n of side.sentences){
   const t=document.getElementById(side.doc+'-'+n); if(!t) continue;
   t.classList.add('hl'); t.style.setProperty('--c', l.tint);
   if(t!==el) t.scrollIntoView({block:'nearest',behavior:'smooth'});}});
 marks.forEach(m=>{if(m.dataset.links.split(' ').some(i=>ids.includes(i)))
  m.classList.add('on')});}
document.querySelectorAll('.s').forEach(e=>e.addEventListener('click',()=>show(e)));
"""


def _tint(color: str, score: float) -> str:
    alpha = int(40 + 160 * max(0.0, min(1.0, score)))
    return f"{color}{alpha:02x}"


@dataclass(slots=True)
class _Mark:
    """Words of one sentence that are evidence, for one or more links."""

    start: int
    end: int
    kind: str
    labels: list[str]
    links: list[int]


#: (document id, sentence id, in the translation?) -> its marks
_Marks = dict[tuple[str, int, bool], list[_Mark]]


def _evidence_marks(alignment: Alignment) -> _Marks:
    found: dict[tuple[str, int, bool], dict[tuple[int, int], _Mark]] = defaultdict(dict)
    for i, link in enumerate(alignment.links):
        for clue in link.evidence:
            for doc, span in ((link.source.doc, clue.source), (link.target.doc, clue.target)):
                key = (doc, span.sentence, span.translation)
                mark = found[key].get((span.start, span.end))
                if mark is None:
                    found[key][(span.start, span.end)] = _Mark(
                        span.start, span.end, clue.kind, [clue.label], [i]
                    )
                    continue
                # The same words back several links (or clues): one mark tells them all.
                if clue.label not in mark.labels:
                    mark.labels.append(clue.label)
                if i not in mark.links:
                    mark.links.append(i)
    return {
        key: sorted(by_span.values(), key=lambda m: (m.start, -m.end))
        for key, by_span in found.items()
    }


def _marked(text: str, marks: list[_Mark]) -> str:
    """``text`` escaped, the evidence in ``<mark>``: one class per kind, the label as title."""
    out: list[str] = []
    at = 0
    for m in marks:
        if m.start < at or not 0 <= m.start < m.end <= len(text):
            continue  # overlaps a mark already made, or does not fit: leave the words plain
        kind = re.sub(r"[^a-z0-9-]", "-", m.kind.lower())
        out.append(html.escape(text[at : m.start]))
        out.append(
            f'<mark class="ev ev-{kind}" title="{html.escape("; ".join(m.labels))}" '
            f'data-links="{" ".join(map(str, m.links))}">'
            f"{html.escape(text[m.start : m.end])}</mark>"
        )
        at = m.end
    out.append(html.escape(text[at:]))
    return "".join(out)


def _column(
    doc: Document,
    sentence_links: dict[tuple[str, int], list[int]],
    role: str,
    marks: _Marks,
) -> str:
    out = [
        # lang: screen readers and hyphenation take each column's language, not the page's.
        f'<section lang="{html.escape(doc.lang)}"><h2>{html.escape(doc.label)} '
        f'<span class="lang">[{html.escape(doc.lang)}, '
        f"{role}]</span></h2>"
    ]
    para = None
    for s in doc.sentences:
        if s.paragraph != para:
            if para is not None:
                out.append("</p>")
            out.append("<p>")
            para = s.paragraph
        ids = sentence_links.get((doc.id, s.id), [])
        cls = "s" if ids else "s unmatched"
        out.append(
            f'<span class="{cls}" id="{html.escape(doc.id)}-{s.id}" '
            f'data-links="{" ".join(map(str, ids))}">'
            f"{_marked(s.text, marks.get((doc.id, s.id, False), []))}</span> "
        )
        if s.translation:
            translation = _marked(s.translation, marks.get((doc.id, s.id, True), []))
            out.append(f'<span class="t">{translation}</span>')
    if para is not None:
        out.append("</p>")
    out.append("</section>")
    return "".join(out)


def to_html(alignment: Alignment) -> str:
    sentence_links: dict[tuple[str, int], list[int]] = defaultdict(list)
    payload = []
    for i, link in enumerate(alignment.links):
        for side in (link.source, link.target):
            for n in side.sentences:
                sentence_links[(side.doc, n)].append(i)
        d = link.to_dict()
        del d["evidence"]  # the page carries it in its marks, where the words are
        d["tint"] = _tint(_PALETTE[i % len(_PALETTE)], link.score)
        payload.append(d)
    src = alignment.source
    marks = _evidence_marks(alignment)
    columns = [_column(src, sentence_links, "source", marks)]
    columns += [_column(d, sentence_links, "target", marks) for d in alignment.targets]
    hint = "click a sentence to see its matches"
    if marks:
        hint += ", and the words that make them (hover for why)"
    title = f"{src.label} — aligned ({alignment.mode})"
    # Inside <script>, "</script" ends the element and "<!--" starts a state in which a
    # later "</script>" no longer does; with no "<" in the data neither can happen.
    data = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
    # Control characters are parse errors in HTML too (a Document built in memory may
    # hold them; files read never do).
    return strip_controls(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><b>{html.escape(title)}</b> <small>{len(alignment.links)} links · "
        f"{hint}</small></header>"
        f"<main>{''.join(columns)}</main>"
        f'<script type="application/json" id="links">{data}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
