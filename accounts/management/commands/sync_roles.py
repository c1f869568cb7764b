from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Give each role group exactly the permissions accounts/roles.py lists (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            applied = sync_roles(Group, Permission)
        for role, count in applied.items():
            self.stdout.write(f"{role}: {count} permissions")
