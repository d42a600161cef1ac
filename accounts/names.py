"""How the site names a person, everywhere: their full name, else their email address."""


def display_name(user):
    """Full name if the person gave one, else the email address (never a username)."""
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()
