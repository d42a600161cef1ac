"""The book as an EPUB 3: one page per part, chapter and tool, a navigation document, and the
language and reading direction in its metadata."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from ebooklib import epub

from ..rendering import localized_text
from .document import render_relinked

STYLESHEET = Path(__file__).resolve().parent / "epub.css"


def _file(kind, slug):
    return f"{kind}-{slug}.xhtml"


def _target(kind, slug, fragment):
    return _file(kind, slug) + (f"#{slug}--{fragment}" if fragment else "")


def _title(item, language):
    return localized_text(item, "title", language)[0]


def write_epub(book, path):
    """Write the book to `path` as an EPUB 3 file."""
    language = book.language
    with translation.override(language):
        direction = "rtl" if get_language_bidi() else "ltr"
        title = _("Multi-stakeholder dialogue for social change")
        author = _("Dialogue Toolkit")
        labels = {
            "cover": _("Dialogue Toolkit"),
            "tools": _("Tools"),
            "references": _("References"),
            "glossary": _("Glossary"),
            "contents": _("Contents"),
        }
    document = epub.EpubBook()
    document.set_identifier(f"dialogue-toolkit-{language}-{book.version.digest}")
    document.set_title(title)
    document.set_language(language)
    document.set_direction(direction)
    document.add_author(author)
    style = epub.EpubItem(
        uid="style",
        file_name="style/book.css",
        media_type="text/css",
        content=STYLESHEET.read_bytes(),
    )
    document.add_item(style)

    def page(file_name, page_title, template, **context):
        html = render_relinked(book, template, context, _target)
        item = epub.EpubHtml(
            title=page_title, file_name=file_name, lang=language, direction=direction
        )
        item.content = f"<div>{html}</div>"
        item.add_item(style)
        document.add_item(item)
        return item

    pages = [page("cover.xhtml", labels["cover"], "content/book/includes/cover.html")]
    toc = []
    for part, intro, chapters in book.sections:
        part_page = page(
            _file("part", part.slug),
            _title(part, language),
            "content/book/includes/part.html",
            part=part,
            intro=intro,
        )
        chapter_pages = [
            page(
                _file("chapter", chapter.slug),
                _title(chapter, language),
                "content/book/includes/chapter.html",
                chapter=chapter,
                body=body,
            )
            for chapter, body in chapters
        ]
        pages += [part_page, *chapter_pages]
        toc.append((epub.Section(part_page.title, part_page.file_name), chapter_pages))
    if book.tools:
        tools_page = page("tools.xhtml", labels["tools"], "content/book/includes/tools.html")
        tool_pages = [
            page(
                _file("tool", tool.slug),
                _title(tool, language),
                "content/book/includes/tool.html",
                tool=tool,
                sections=sections,
            )
            for tool, sections in book.tools
        ]
        pages += [tools_page, *tool_pages]
        toc.append((epub.Section(labels["tools"], tools_page.file_name), tool_pages))
    for name in ("references", "glossary"):
        if getattr(book, name):
            item = page(f"{name}.xhtml", labels[name], f"content/book/includes/{name}.html")
            pages.append(item)
            toc.append(item)

    document.toc = toc
    document.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=labels["contents"], direction=direction)
    document.add_item(nav)
    document.spine = [pages[0], nav, *pages[1:]]
    epub.write_epub(str(path), document, {"epub3_pages": False, "package_direction": True})
