"""Messages of Django and its libraries that the site's catalogue words better.

Their Indonesian has slips staff meet every day ("Masukkan nama pengguna nama
pengguna dan sandi…", "Autentidikasi berdasarkan-sandi", "150 karakter atau
sedikit"). locale/id/LC_MESSAGES/django.po gives these msgids better Indonesian,
and LOCALE_PATHS comes before every library's catalogue. `make messages` keeps
only the msgids some source of ours says, so they are said here; nothing else
reads this list but tests/test_translations.py.
"""

# ruff: noqa: E501 (a msgid is matched whole, so each stays one string)

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

MESSAGES = [
    # django.contrib.admin
    _(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Any date"),
    _("Breadcrumbs"),
    _("Sidebar"),
    _("Change history: %s"),
    _("Change or view list link"),
    _("Add link"),
    _("Models in the %(name)s application"),
    _("%(app)s administration"),
    _("Password change"),
    _("Change my password"),
    _("Clear all filters"),
    _(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: %(related_objects)s"
    ),
    _("Disable password-based authentication"),
    _("Enable password-based authentication"),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Filter navigation items"),
    _("Start typing to filter…"),
    _("Go"),
    _("In case you’ve forgotten, you are:"),
    _("Items must be selected in order to perform actions on them. No items have been changed."),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
    _("Remove from sorting"),
    _("Toggle sorting"),
    _("Select %s to change"),
    _("Select %s to view"),
    _("View selected %(model)s"),
    _("Successfully deleted %(count)d %(items)s."),
    _("Thanks for spending some quality time with the web site today."),
    _("You may edit it again below."),
    _("The {name} “{obj}” was changed successfully. You may edit it again below."),
    _(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login to a different account?"
    ),
    _("Addition"),
    _("change message"),
    ngettext_lazy("entry", "entries", 1),
    ngettext_lazy("%(counter)s result", "%(counter)s results", 1),
    _("%(full_result_count)s total"),
    _("Popup closing…"),
    _("Run the selected action"),
    _("Select all objects on this page for an action"),
    _("Action:"),
    _("No action selected."),
    _("Forgotten your login credentials?"),
    # django.contrib.auth
    _(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    _("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    _("Password-based authentication"),
    _("Password-based authentication was disabled."),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    _("Enable password-based authentication for this user by setting a password."),
    _("Enabled"),
    _("Disabled"),
    _("A user with that username already exists."),
    _("Conflicting form data submitted. Please try again."),
    _(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    _("Designates that this user has all permissions without explicitly assigning them."),
    _(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    _(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    _("Reset password"),
    _("Password reset sent"),
    _("Personal info"),
    _("The password is too similar to the %(verbose_name)s."),
    _("The two password fields didn’t match."),
    _("This password is entirely numeric."),
    _("This password is too common."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    _("Your password can’t be a commonly used password."),
    _("Your password can’t be entirely numeric."),
    _("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    _("Your old password was entered incorrectly. Please enter it again."),
    _("Enter the same password as before, for verification."),
    _("codename"),
    _("parallelism"),
    _("checksum"),
    _("variety"),
    _("Authentication and Authorization"),
    # django (forms, models, CSRF)
    _("%(model_name)s with this %(field_labels)s already exists."),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    _("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    _(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    _("Enter a valid UUID."),
    _("Enter a valid duration."),
    _("Enter a valid integer."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a complete value."),
    _("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    _("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    _("This field cannot be blank."),
    _("This field cannot be null."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("Please either submit a file or check the clear checkbox, not both."),
    _("CSRF verification failed. Request aborted."),
    _(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    _(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    # django-axes (the lockout lists)
    _("access attempt"),
    _("access attempts"),
    _("access log"),
    _("access logs"),
    _("access failure"),
    _("access failures"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("Attempt Time"),
    _("Logout Time"),
    _("Username"),
    _("IP Address"),
    _("User Agent"),
    _("Path"),
    _("Failed Logins"),
    _("Access lock out"),
    _("Locked Out"),
    _("Attempt Remaining"),
    _("Not set"),
    _("Clean up expired attempts"),
    _("Form Data"),
    _("Meta Data"),
    _("Session key hash (sha256)"),
    _("Account locked: too many login attempts. Please try again later."),
    _("Account locked: too many login attempts. Contact an admin to unlock your account."),
    # django-reversion and django-taggit
    _("Choose a date from the list below to recover a deleted version of an object."),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("There are no deleted objects to recover."),
    _("Recover %(name)s"),
    _("Revert %(name)s"),
    _("Revert %(verbose_name)s"),
    _("Press the save button below to recover this version of the object."),
    _("Press the save button below to revert to this version of the object."),
    _("Initial version."),
    _("Deleted %(verbose_name)s."),
    _("Reverted to previous version, saved on %(datetime)s"),
    _('The %(model)s "%(name)s" was reverted successfully. You may edit it again below.'),
    _("Comment"),
    _("Taggit"),
    pgettext_lazy("A tag name", "name"),
    _("tagged item"),
    _("tagged items"),
    _("A comma-separated list of tags."),
    _("Please provide a comma-separated list of tags."),
    # the site's own
]
