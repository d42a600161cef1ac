"""The book as a PDF, laid out by WeasyPrint with the fonts the project ships."""

import logging
from functools import cache
from pathlib import Path

from .document import render_relinked

logger = logging.getLogger(__name__)

BOOKS_DIR = Path(__file__).resolve().parent
STYLESHEET = BOOKS_DIR / "book.css"
FONTS_DIR = BOOKS_DIR.parent / "static" / "content" / "fonts"
# (family, file, weight, style); Noto Naskh Arabic has the glyphs Pango shapes Arabic with.
FONTS = (
    ("Noto Sans", "NotoSans-Regular.ttf", 400, "normal"),
    ("Noto Sans", "NotoSans-Bold.ttf", 700, "normal"),
    ("Noto Sans", "NotoSans-Italic.ttf", 400, "italic"),
    ("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", 400, "normal"),
    ("Noto Naskh Arabic", "NotoNaskhArabic-Bold.ttf", 700, "normal"),
)


@cache
def weasyprint_or_none():
    """WeasyPrint, or None when it or the system's Pango cannot be loaded."""
    try:
        import weasyprint  # noqa: PLC0415 (loads Pango: only when a PDF is wanted)
    except (ImportError, OSError) as error:
        logger.warning("PDF books are unavailable: %s", error)
        return None
    return weasyprint


def available():
    return weasyprint_or_none() is not None


def font_faces():
    """@font-face rules pointing at the shipped font files."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONTS_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, name, weight, style in FONTS
    )


def _families(language):
    if language == "ar":
        return '"Noto Naskh Arabic", "Noto Sans"'
    return '"Noto Sans", "Noto Naskh Arabic"'


def _target(kind, slug, fragment):
    return f"#{slug}--{fragment}" if fragment else f"#{kind}-{slug}"


def book_html(book):
    """The book as one HTML document; links to its own pages become links inside it."""
    return render_relinked(book, "content/book/book.html", {}, _target)


def write_pdf(book, path):
    """Lay out the book and write it to `path`."""
    weasyprint = weasyprint_or_none()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint cannot be loaded")
    fonts = weasyprint.text.fonts.FontConfiguration()
    stylesheets = [
        weasyprint.CSS(
            string=f"{font_faces()}\nhtml {{ font-family: {_families(book.language)}; }}",
            font_config=fonts,
        ),
        weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts),
    ]
    document = weasyprint.HTML(string=book_html(book), base_url=str(BOOKS_DIR))
    document.write_pdf(str(path), stylesheets=stylesheets, font_config=fonts, pdf_identifier=False)
