"""allauth's words for signing in, said the way the rest of the site says them.

allauth writes "Sign In", "Sign Up" and "Remember Me" in title case while the header says
"Log in" and "Sign up". Marking allauth's own messages here puts them in the project's
catalogues, which Django reads before allauth's: each language then uses the header's words,
and English takes its wording from locale/en (see toolkit_site.translations).
"""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = (
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Remember Me"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Password Reset"),
    gettext_noop("Reset My Password"),
    gettext_noop("Change Password"),
    gettext_noop("Set Password"),
    gettext_noop("Email Addresses"),
    gettext_noop("Email Address"),
    gettext_noop("Add Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Confirm Email Address"),
)
