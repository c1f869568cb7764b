from axes.apps import AppConfig as DjangoAxesConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the site's own AdminSite as `admin.site`."""

    default_site = "kpu_site.admin_site.AdminSite"


class AxesConfig(DjangoAxesConfig):
    """django-axes, headed on the admin index by what it is to staff.

    The library names itself only by its label ("Axes"), which no catalogue can
    translate; taggit's "Taggit" is a msgid, so the catalogue renames that one.
    """

    verbose_name = _("Login security")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The library names its records in English, with the time raw and in UTC
        # ("Attempted Access: 2026-05-31 07:30:00.123456+00:00"), untranslatable
        # f-strings; the admin prints those names in its headings, breadcrumbs and
        # checkbox labels. These say the same in Indonesian, dated as the admin dates.
        AccessAttempt.__str__ = name_attempt
        AccessLog.__str__ = name_login
        AccessFailureLog.__str__ = name_failure


def name_attempt(attempt):
    return _name(
        gettext("Failed logins as “%(username)s” from %(address)s, last %(when)s"), attempt
    )


def name_login(login):
    return _name(gettext("Login as “%(username)s” from %(address)s, %(when)s"), login)


def name_failure(failure):
    if failure.locked_out:
        message = gettext("Failed login as “%(username)s” from %(address)s, %(when)s, locked out")
    else:
        message = gettext("Failed login as “%(username)s” from %(address)s, %(when)s")
    return _name(message, failure)


def _name(message, access):
    when = access.attempt_time and formats.date_format(
        timezone.localtime(access.attempt_time), "DATETIME_FORMAT"
    )
    return message % {"username": access.username, "address": access.ip_address, "when": when}
