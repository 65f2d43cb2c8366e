"""How people are named on pages: never by their login name.

A login name shown to every reader tells an attacker which accounts to
guess, so pages and messages name an editor by full name or, when there is
none, by a stable pseudonym ("Editor 7", from the account's id)."""


def display_name(user):
    if user is None or not getattr(user, "pk", None):
        return ""
    return user.get_full_name().strip() or f"Editor {user.pk}"
