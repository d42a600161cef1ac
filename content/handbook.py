"""The toolkit as one document: parts, chapters, tools and references rendered for reading in
order, shared by the print views and the downloadable books."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import selectors
from .rendering import render_field

TOOL_SECTIONS = (
    ("purpose", _("What it is for")),
    ("when_to_use", _("When to use it")),
    ("steps", _("Steps")),
    ("time_and_materials", _("Time and materials")),
    ("tips", _("Tips")),
)


def tool_sections(tool, *, language, links, id_prefix, baselevel=2):
    """The tool's non-empty sections, each with a heading id, heading and rendered text."""
    sections = []
    for name, heading in TOOL_SECTIONS:
        section_id = f"{id_prefix}{name.replace('_', '-')}"
        text = render_field(
            tool,
            name,
            language=language,
            links=links,
            id_prefix=f"{section_id}-",
            baselevel=baselevel,
        )
        if not text.is_empty:
            sections.append({"id": section_id, "heading": heading, "text": text})
    return sections


def part_sections(parts, *, language, links, baselevel):
    """Each part with its rendered introduction and chapters, ids prefixed to stay unique.

    Headings are pushed down to sit under the part (and chapter) headings of the document.
    """
    sections = []
    for part in parts:
        chapters = [
            (
                chapter,
                render_field(
                    chapter,
                    "body",
                    language=language,
                    links=links,
                    id_prefix=f"{chapter.slug}--",
                    baselevel=baselevel + 1,
                ),
            )
            for chapter in part.chapters.all()
        ]
        intro = render_field(
            part,
            "body",
            language=language,
            links=links,
            id_prefix=f"{part.slug}--",
            baselevel=baselevel,
        )
        sections.append((part, intro, chapters))
    return sections


def reference_entries(resources, *, language, links):
    """Each resource with its rendered description."""
    return [
        (resource, render_field(resource, "description", language=language, links=links))
        for resource in resources
    ]


@dataclass(frozen=True)
class WholeToolkit:
    """Everything a reader may see, in reading order, rendered in one language."""

    sections: list  # (part, intro, [(chapter, body)])
    tools: list  # (tool, [section])
    references: list  # (resource, description)


def whole_toolkit(user, *, language, links, part_baselevel=2, tool_baselevel=4):
    """The whole toolkit as `user` may see it (None: as any reader sees it, drafts left out)."""
    parts = list(selectors.parts_with_chapters(user))
    tools = [
        (
            tool,
            tool_sections(
                tool,
                language=language,
                links=links,
                id_prefix=f"{tool.slug}--",
                baselevel=tool_baselevel,
            ),
        )
        for tool in selectors.visible_tools(user)
    ]
    references = reference_entries(
        selectors.visible_resources(user), language=language, links=links
    )
    return WholeToolkit(
        sections=part_sections(parts, language=language, links=links, baselevel=part_baselevel),
        tools=tools,
        references=references,
    )
