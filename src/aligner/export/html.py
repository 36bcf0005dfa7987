"""A standalone side-by-side HTML page: columns per article, linked sentences in one colour.

No external assets: the page must open offline and survive being mailed around.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict

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
"""

_SCRIPT = """
const links = JSON.parse(document.getElementById('links').textContent);
function clear(){document.querySelectorAll('.s.hl,.s.sel').forEach(e=>{
 e.classList.remove('hl','sel');e.style.removeProperty('--c')});}
function show(el){clear();el.classList.add('sel');
 (el.dataset.links?el.dataset.links.split(' '):[]).forEach(i=>{const l=links[+i];
  for(const side of [l.source,l.target]) for(const n of side.sentences){
   const t=document.getElementById(side.doc+'-'+n); if(!t) continue;
   t.classList.add('hl'); t.style.setProperty('--c', l.tint);
   if(t!==el) t.scrollIntoView({block:'nearest',behavior:'smooth'});}});}
document.querySelectorAll('.s').forEach(e=>e.addEventListener('click',()=>show(e)));
"""


def _tint(color: str, score: float) -> str:
    alpha = int(40 + 160 * max(0.0, min(1.0, score)))
    return f"{color}{alpha:02x}"


def _column(doc: Document, sentence_links: dict[tuple[str, int], list[int]], role: str) -> str:
    out = [
        f'<section><h2>{html.escape(doc.label)} <span class="lang">[{html.escape(doc.lang)}, '
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
            f'data-links="{" ".join(map(str, ids))}">{html.escape(s.text)}</span> '
        )
        if s.translation:
            out.append(f'<span class="t">{html.escape(s.translation)}</span>')
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
        d["tint"] = _tint(_PALETTE[i % len(_PALETTE)], link.score)
        payload.append(d)
    src = alignment.source
    columns = [_column(src, sentence_links, "source")]
    columns += [_column(d, sentence_links, "target") for d in alignment.targets]
    title = f"{src.label} — aligned ({alignment.mode})"
    # Inside <script type=application/json>, only "</" could end the element early.
    data = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    # Control characters are parse errors in HTML too (a Document built in memory may
    # hold them; files read never do).
    return strip_controls(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><b>{html.escape(title)}</b> <small>{len(alignment.links)} links · "
        "click a sentence to see its matches</small></header>"
        f"<main>{''.join(columns)}</main>"
        f'<script type="application/json" id="links">{data}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
