"""The office's contact details and links, edited by administrators (office/admin.py).

Read through office.site.current(), never queried by a page directly: it costs
one query per process and cache generation for both models together.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from news.images import validate_image

# The one row's primary key (see SiteSettings.Meta.constraints).
SINGLETON_PK = 1

# Its own code: a form field puts its generic "Enter a valid URL" over an "invalid".
https_only = URLValidator(
    schemes=["https"], message=_("Enter a full address starting with https://."), code="not_https"
)
phone_number = RegexValidator(
    r"^\+?\(?[0-9][0-9 ()-]{5,22}$",
    _(
        "Enter a phone number of digits, spaces and dashes, "
        "for example 0355 791234 or +62 355 791234."
    ),
)


class PlatformValidator:
    """Refuses a link whose host is not the platform's: a typo or a look-alike
    domain would send readers to someone else's account.
    """

    def __init__(self, platform, *hosts):
        self.platform = platform
        self.hosts = hosts

    def __call__(self, value):
        host = (urlsplit(value).hostname or "").lower()
        if not any(host == domain or host.endswith(f".{domain}") for domain in self.hosts):
            raise ValidationError(
                _("Enter a link to a %(platform)s page (%(hosts)s)."),
                code="wrong_platform",
                params={"platform": self.platform, "hosts": ", ".join(self.hosts)},
            )

    def __eq__(self, other):
        # Compared by makemigrations: without this, every run would see a change.
        return isinstance(other, PlatformValidator) and (self.platform, self.hosts) == (
            other.platform,
            other.hosts,
        )

    def deconstruct(self):
        return ("office.models.PlatformValidator", (self.platform, *self.hosts), {})


# Field name → (label shown to readers, hosts that are that platform).
SOCIAL_PLATFORMS = {
    "instagram_url": ("Instagram", ("instagram.com",)),
    "facebook_url": ("Facebook", ("facebook.com", "fb.com")),
    "x_url": ("X (Twitter)", ("x.com", "twitter.com")),
    "youtube_url": ("YouTube", ("youtube.com", "youtu.be")),
    "tiktok_url": ("TikTok", ("tiktok.com",)),
}


def _social_field(name, verbose_name):
    platform, hosts = SOCIAL_PLATFORMS[name]
    return models.URLField(
        verbose_name,
        max_length=300,
        blank=True,
        validators=[https_only, PlatformValidator(platform, *hosts)],
    )


class SiteSettings(models.Model):
    """The office's name and contacts, printed in the header, footer and contact page.

    One row at most (the check constraint). With none, office.site.current()
    gives the values from the environment (OFFICE_* settings).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    name = models.CharField(_("office name"), max_length=150)
    region = models.CharField(_("region"), max_length=150)
    address = models.TextField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("Street, village, district, postcode."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_number])
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=30,
        blank=True,
        validators=[phone_number],
        help_text=_("The number readers can message, for example 0812 3456 7890."),
    )
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(
        _("office hours"),
        max_length=150,
        blank=True,
        help_text=_("For example: Senin–Jumat, 08.00–16.00 WIB."),
    )
    map_url = models.URLField(
        _("map link"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_("A link to the office on a map (opened by the reader, never embedded)."),
    )
    instagram_url = _social_field("instagram_url", _("Instagram"))
    facebook_url = _social_field("facebook_url", _("Facebook"))
    x_url = _social_field("x_url", _("X (Twitter)"))
    youtube_url = _social_field("youtube_url", _("YouTube"))
    tiktok_url = _social_field("tiktok_url", _("TikTok"))
    logo = models.ImageField(
        _("logo"),
        upload_to="office/",
        blank=True,
        validators=[validate_image],
        width_field="logo_width",
        height_field="logo_height",
        help_text=_("Shown in the header beside the office name. Without one, the KPU emblem."),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            # The singleton, in the database: a second row cannot be inserted.
            models.CheckConstraint(condition=Q(id=SINGLETON_PK), name="office_sitesettings_single"),
        ]

    def __str__(self):
        return self.name

    @property
    def phone_uri(self):
        """The phone as a tel: link, digits only."""
        return f"tel:{_digits(self.phone, keep_plus=True)}" if self.phone else ""

    @property
    def whatsapp_url(self):
        """wa.me wants the international number without "+": 0812… becomes 62812…."""
        if not self.whatsapp:
            return ""
        number = _digits(self.whatsapp)
        if number.startswith("0"):
            number = f"62{number[1:]}"
        return f"https://wa.me/{number}"

    def social_links(self):
        """(platform, url) of each social account that is set, in a fixed order."""
        return [
            (label, getattr(self, name))
            for name, (label, _hosts) in SOCIAL_PLATFORMS.items()
            if getattr(self, name)
        ]

    def logo_size(self, height=44):
        """The logo's (width, height) drawn `height` pixels tall, for the img attributes."""
        if not (self.logo_width and self.logo_height):
            return (height, height)
        return (round(height * self.logo_width / self.logo_height), height)


def _digits(number, keep_plus=False):
    digits = "".join(character for character in number if character.isdigit())
    return f"+{digits}" if keep_plus and number.strip().startswith("+") else digits


class ExternalLink(models.Model):
    """A link to a service readers look for elsewhere (the voter-list check, the
    results portal), listed in the footer and on the contact page.
    """

    title = models.CharField(_("title"), max_length=100)
    url = models.URLField(_("web address"), max_length=300, validators=[https_only])
    description = models.CharField(_("short description"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("shown"), default=True, help_text=_("Untick to hide the link without deleting it.")
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self):
        return self.title
