from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's backend, except that demo accounts work only while DEBUG is on.

    Their passwords are printed by `make run` and written in the README, so on a
    real site they must be dead even if the demo command was run by mistake.
    Applies to sessions already open too (get_user checks the same rule).
    """

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and (settings.DEBUG or not user.is_demo)
