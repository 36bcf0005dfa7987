"""A standalone side-by-side HTML page: columns per article, linked sentences in one colour.

No external assets: the page must open offline and survive being mailed around.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from aligner.export.names import status_names
from aligner.model import Alignment, Document, score_text
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
#status{display:block;height:1.5em;color:#fff;white-space:nowrap;overflow:hidden;
 text-overflow:ellipsis}
main{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(22em,1fr);gap:1em;padding:1em;
 overflow-x:auto}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.2em 1em 1em;
 max-height:88vh;overflow-y:auto;overflow-wrap:anywhere}
h2{font-size:1em;position:sticky;top:0;background:#fff;padding:.5em 0;margin:0;
 border-bottom:1px solid #eee}
h2 .lang{color:#666;font-weight:normal}
section.has h2{box-shadow:inset 4px 0 #c62828;padding-left:.5em}
p{margin:.5em 0}
.s{border-radius:3px;padding:0 .1em;cursor:pointer;border-bottom:3px solid transparent}
.s.unmatched{color:#666}
.s.sel{outline:2px solid #222}
.s:focus-visible{outline:2px dashed #1565c0}
.s.hl{background:var(--c)}
.s.hl[data-score]::after{content:" " attr(data-score);font-size:.75em;color:#333;
 vertical-align:super}
.t{display:block;color:#607d8b;font-size:.92em;margin:0 0 .3em .8em}
mark.ev{background:none;color:inherit;padding:0;border-bottom:2px dotted var(--k,#555)}
mark.ev.on{background:#fffc;color:#000;font-weight:600;border-bottom-style:solid}
.ev-number{--k:#c62828}.ev-name{--k:#1565c0}.ev-word{--k:#2e7d32}.ev-lexicon{--k:#6a1b9a}
.ev-dictionary{--k:#ef6c00}
@media print{body{background:#fff}header{background:none;color:#000}
 header small,#status{color:#333}
 main{display:block;overflow:visible;padding:0}
 section{max-height:none;overflow:visible;border:none;break-before:page}
 section:first-child{break-before:auto}
 h2{position:static}}
"""

_SCRIPT = """
const links = JSON.parse(document.getElementById('links').textContent);
const names = JSON.parse(document.getElementById('names').textContent);
const marks = document.querySelectorAll('mark.ev');
marks.forEach(m=>{m.dataset.cls=m.className;});
const status = document.getElementById('status');
function where(side){const n=side.sentences, first=n[0]+1, last=n[n.length-1]+1;
 return names[side.doc] + ' #' + (last>first ? first + '-' + last : first);}
function clear(){document.querySelectorAll('.s.hl,.s.sel').forEach(e=>{
 e.classList.remove('hl','sel');e.style.removeProperty('--c');delete e.dataset.score});
 document.querySelectorAll('section.has').forEach(e=>e.classList.remove('has'));
 marks.forEach(m=>{m.className=m.dataset.cls;});}
// Within the sentence's own column: scrolling the page sideways to it would take the
// clicked sentence out of view; the status line names the columns that hold matches.
function reveal(t){const col=t.closest('section');
 const r=t.getBoundingClientRect(), b=col.getBoundingClientRect();
 if(r.top<b.top+40||r.bottom>Math.min(b.bottom,innerHeight))
  col.scrollBy({top:r.top-b.top-b.height/3,behavior:'smooth'});}
function show(el){clear();el.classList.add('sel');
 const cut=el.id.lastIndexOf('-'), doc=el.id.slice(0,cut), n=+el.id.slice(cut+1);
 const own=el.closest('section');
 const ids=el.dataset.links?el.dataset.links.split(' '):[];
 const said=[], shown=new Set();
 ids.map(i=>links[+i]).sort((a,b)=>b.score-a.score).forEach(l=>{
  for(const side of [l.source,l.target]) for(const k of side.sentences){
   const t=document.getElementById(side.doc+'-'+k); if(!t) continue;
   t.classList.add('hl'); t.style.setProperty('--c', l.tint);
   const col=t.closest('section'); if(col===own) continue;
   t.dataset.score=l.shown; col.classList.add('has');
   // Best first: a column shows its strongest match, as the reader does.
   if(!shown.has(col)){shown.add(col); reveal(t);}}
  const mine=l.source.doc===doc&&l.source.sentences.includes(n);
  said.push(where(mine?l.target:l.source) + ' ' + l.shown);});
 status.textContent = where({doc, sentences:[n]}) +
  (said.length ? ' → ' + said.join(' · ') : ': no match');
 status.title = status.textContent;
 // Coloured as the clue of the best chosen link it backs: a name for one, a word for
 // another.
 const best=ids.slice().sort((a,b)=>links[+b].score-links[+a].score);
 marks.forEach(m=>{const kinds=Object.fromEntries(m.dataset.kinds.split(' ')
   .map(p=>p.split(':')));
  const i=best.find(i=>i in kinds);
  if(i!==undefined) m.className='ev ev-'+kinds[i]+' on';});}
// One Tab stop a column (the sentence last chosen there); arrows move within it.
function focusTo(from, to){if(!to) return; from.tabIndex=-1; to.tabIndex=0; to.focus();}
document.querySelectorAll('.s').forEach(e=>{
 e.addEventListener('click',()=>{show(e); focusTo(e.closest('section').querySelector(
  '.s[tabindex="0"]')||e, e);});
 e.addEventListener('keydown',k=>{
  const all=[...e.closest('section').querySelectorAll('.s')], i=all.indexOf(e);
  if(k.key==='Enter'||k.key===' '){k.preventDefault();show(e);}
  else if(k.key==='ArrowDown'||k.key==='j'){k.preventDefault();focusTo(e, all[i+1]);}
  else if(k.key==='ArrowUp'||k.key==='k'){k.preventDefault();focusTo(e, all[i-1]);}});});
"""


def _tint(color: str, score: float) -> str:
    alpha = int(40 + 160 * max(0.0, min(1.0, score)))
    return f"{color}{alpha:02x}"


@dataclass(slots=True)
class _Mark:
    """Words of one sentence that are evidence, for one or more links."""

    start: int
    end: int
    labels: list[str]
    #: link index -> the kind of clue these words are for it ("Rage" is a word for one
    #: link and a name for another): the page colours them by the link chosen.
    kinds: dict[int, str]


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
                        span.start, span.end, [clue.label], {i: clue.kind}
                    )
                    continue
                # The same words back several links (or clues): one mark tells them all.
                if clue.label not in mark.labels:
                    mark.labels.append(clue.label)
                mark.kinds.setdefault(i, clue.kind)
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
        kinds = {i: re.sub(r"[^a-z0-9-]", "-", k.lower()) for i, k in m.kinds.items()}
        first = next(iter(kinds.values()))
        out.append(html.escape(text[at : m.start]))
        out.append(
            f'<mark class="ev ev-{first}" title="{html.escape("; ".join(m.labels))}" '
            f'data-links="{" ".join(map(str, kinds))}" '
            f'data-kinds="{" ".join(f"{i}:{k}" for i, k in kinds.items())}">'
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
        # tabindex: a column is one Tab stop, its first sentence; the arrows move on
        # (the page's script), Enter chooses. dir="auto": an Arabic sentence among
        # English ones keeps its own direction.
        tab = 0 if s is doc.sentences[0] else -1
        out.append(
            f'<span class="{cls}" id="{html.escape(doc.id)}-{s.id}" tabindex="{tab}" dir="auto" '
            f'data-links="{" ".join(map(str, ids))}">'
            f"{_marked(s.text, marks.get((doc.id, s.id, False), []))}</span> "
        )
        if s.translation:
            translation = _marked(s.translation, marks.get((doc.id, s.id, True), []))
            out.append(f'<span class="t" dir="auto">{translation}</span>')
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
        # Printed as the reader prints it (rounded down), by the one rule in Python.
        d["shown"] = score_text(link.score)
        payload.append(d)
    src = alignment.source
    marks = _evidence_marks(alignment)
    columns = [_column(src, sentence_links, "source", marks)]
    columns += [_column(d, sentence_links, "target", marks) for d in alignment.targets]
    hint = "click a sentence (or Tab to a column, ↑/↓, Enter) to see its matches and their scores"
    if marks:
        hint += ", and the words that make them (hover for why)"
    threshold = alignment.info.get("threshold")
    at = f" at ≥{score_text(threshold)}" if isinstance(threshold, int | float) else ""
    title = f"{src.label} — aligned ({alignment.mode})"
    # As the reader's status line names them: by id, or by file where the id tells
    # nothing (src, tgt2, story-2).
    docs = alignment.documents
    names = dict(zip((d.id for d in docs), status_names(docs), strict=True))
    # Inside <script>, "</script" ends the element and "<!--" starts a state in which a
    # later "</script>" no longer does; with no "<" in the data neither can happen.
    data = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
    names_data = json.dumps(names, ensure_ascii=False).replace("<", "\\u003c")
    # Control characters are parse errors in HTML too (a Document built in memory may
    # hold them; files read never do).
    return strip_controls(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><b>{html.escape(title)}</b> <small>{len(alignment.links)} links{at} · "
        f'{hint}</small><span id="status" aria-live="polite"></span></header>'
        f"<main>{''.join(columns)}</main>"
        f'<script type="application/json" id="links">{data}</script>'
        f'<script type="application/json" id="names">{names_data}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
