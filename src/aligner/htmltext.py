"""The article text of an HTML page saved as ``.txt``: paragraphs from block elements,
entities decoded, scripts, styles and navigation dropped (the standard ``html.parser``).

Offsets then index the extracted text, which is what the document holds; the file's
own characters are markup a reader never sees.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_TAG_RE = re.compile(
    r"</?(?:html|head|body|p|div|span|br|a|h[1-6]|article|section|script|style|meta|title"
    r"|li|ul|ol|table|tr|td|img|link|strong|em|b|i)\b[^>]*>",
    re.I,
)
#: Known tags this many times, with at least one closing tag, make a page of a "text" file.
_MIN_TAGS = 5
_SKIP = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "nav", "footer", "aside",
     "form", "button", "select", "iframe"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article",
     "section", "header", "main", "blockquote", "figure", "figcaption", "table", "tr", "td",
     "th", "dd", "dt", "dl", "hr", "pre", "title", "body", "html"}
)  # fmt: skip


def looks_like_html(text: str) -> bool:
    """True for a page of markup rather than text that mentions a tag or two."""
    if _START_RE.match(text):
        return True
    head = text[:20_000]
    return "</" in head and len(_TAG_RE.findall(head)) >= _MIN_TAGS


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else " ")


def html_to_text(text: str) -> str:
    """One paragraph per line, a blank line between paragraphs."""
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p) + "\n"
