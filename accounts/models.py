from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's user. Custom from the first migration so it can grow without pain."""

    def __str__(self):
        return self.get_full_name() or self.username
