"""Admin change lists that answer hostile filter values as Django answers bad ones."""

from django.contrib.admin.options import IncorrectLookupParameters


class StrictFiltersMixin:
    """For a ModelAdmin: two filter values Django's change list lets through to a
    server error, a NUL (PostgreSQL refuses it in a string) and a date-hierarchy
    number too big for datetime (OverflowError), go back to the list with ?e=1.
    """

    def get_changelist_instance(self, request):
        params = request.GET
        hierarchy = self.date_hierarchy
        if any("\x00" in key + "".join(values) for key, values in params.lists()) or (
            hierarchy
            and any(
                len(params.get(f"{hierarchy}__{part}", "")) > 4 for part in ("year", "month", "day")
            )
        ):
            raise IncorrectLookupParameters
        return super().get_changelist_instance(request)
