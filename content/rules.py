"""Who may read what in the toolkit: published text for everybody, drafts for staff."""

import rules


@rules.predicate
def is_published(user, item):
    """The item, and for a chapter its part, is published."""
    if item is None:
        return False
    part = getattr(item, "part", None)
    return item.published and (part is None or part.published)


can_see_drafts = rules.is_staff & rules.is_active

rules.add_perm("content.view_drafts", can_see_drafts)
rules.add_perm("content.view_item", is_published | can_see_drafts)
