"""One staff account per persona, and a browser for each, for the role matrices."""

from django.contrib.auth.models import Group
from django.test import Client

from accounts import roles

PERSONAS = ["anonymous", "deactivated", "writer", "editor", "administrator"]


def make_user(user_model, username, role, **extra):
    """A staff member with `role`, whose password is pw-<username>."""
    user = user_model.objects.create_user(
        username, f"{username}@example.invalid", f"pw-{username}", is_staff=True, **extra
    )
    user.groups.set(Group.objects.filter(name=role))
    return user


def make_people(user_model):
    return {
        "writer": make_user(user_model, "writer", roles.WRITER),
        "other_writer": make_user(user_model, "other_writer", roles.WRITER),
        "editor": make_user(user_model, "editor", roles.EDITOR),
        "administrator": make_user(user_model, "administrator", roles.ADMINISTRATOR),
        "deactivated": make_user(user_model, "deactivated", roles.EDITOR, is_active=False),
    }


def client_for(people, persona):
    client = Client()
    if persona != "anonymous":
        # force_login skips authentication, so the deactivated user really has a
        # session; the server must still refuse them on every request.
        client.force_login(people[persona])
    return client
