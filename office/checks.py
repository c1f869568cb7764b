"""The OFFICE_* settings pass the same validation as the admin's form."""

from django.core import checks


@checks.register()
def check_office_defaults(app_configs, **kwargs):
    """A typo in OFFICE_EMAIL or a social link to the wrong site would otherwise be
    printed on every page until an administrator saves the settings.
    """
    from django.core.exceptions import ValidationError

    from .models import SiteSettings
    from .site import FROM_ENVIRONMENT, defaults

    try:
        SiteSettings(**defaults()).clean_fields(exclude=["logo"])
    except ValidationError as error:
        return [
            checks.Error(
                f"{FROM_ENVIRONMENT[field]}: {' '.join(str(message) for message in messages)}",
                id="office.E001",
            )
            for field, messages in error.message_dict.items()
        ]
    return []
