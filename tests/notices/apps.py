from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "tests.notices"
    label = "notices"
