"""Reading pages the way a browser would: tags, attributes and text."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    """Every start tag of the document as (tag, {attribute: value})."""
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def main_of(html):
    """The <main> element's markup, without the site's header, footer and scripts."""
    return html[html.index("<main") : html.index("</main>")]


def text_of(html):
    """The visible text, tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def prose_of(html):
    """The rendered Markdown blocks of a page (every <div class="prose ...">), joined."""
    found = re.findall(r'<div class="prose[^"]*"[^>]*>(.*?)</div>', html, flags=re.S)
    assert found, "no rendered text on the page"
    return "\n".join(found)
