from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, using, **kwargs):
    """Keep the role groups equal to accounts/roles.py after every `migrate`.

    Also after a test-database flush, which empties the groups the data
    migration made. Permissions are created first: this runs before Django
    has reached the apps listed after this one.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group, Permission, strict=False)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users")

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, sender=self)
