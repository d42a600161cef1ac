"""How the site names a person, everywhere: their full name, else their email address."""


def display_name(user):
    """Full name if the person gave one, else the email address (never a username)."""
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def name_and_email(user):
    """A person to pick from a list: full name and address, or the address alone."""
    full_name = user.get_full_name()
    return f"{full_name} <{user.email}>" if full_name else user.email
