"""Test clients for people: each test that needs several at once gets one per person."""

from django.test import Client


def login(user):
    """A browser of `user`'s own, already logged in (no password, no django-axes)."""
    client = Client()
    client.force_login(user)
    return client
