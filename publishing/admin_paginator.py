"""A change list's pages without counting the whole table on each of them.

Django's admin counts every row its list could show, on every page: at a
hundred thousand articles that COUNT(*) reads the whole table each time an
editor opens the list. CappedCountPaginator counts at most EXACT_UP_TO rows
(a COUNT over a LIMIT subquery, which stops there); past that, the number is
PostgreSQL's own estimate of the rows the list's query returns (EXPLAIN), and
says it is one: "sekitar 100.000". Lists of that size are paged through their
first and latest pages; a page past the estimate is still read, and is empty
if the list ends sooner.
"""

import json

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext

from kpu_site.formatting import thousands

EXACT_UP_TO = 10_000


class EstimatedCount(int):
    """A number of rows that PostgreSQL estimated: it prints as "about N", and
    counts as N everywhere else (the admin's page links, its plurals)."""

    def __str__(self):
        return gettext("about %(count)s") % {"count": thousands(int(self))}


def planned_rows(queryset):
    """The rows PostgreSQL's planner expects `queryset` to return. One EXPLAIN,
    which plans the query without running it."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        # The SQL is the ORM's own, with its parameters apart.
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # noqa: S608
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class CappedCountPaginator(Paginator):
    """Pages of a queryset, counted exactly up to `exact_up_to` rows, estimated past it."""

    exact_up_to = EXACT_UP_TO

    @cached_property
    def count(self):
        exact = self.object_list.order_by().values("pk")[: self.exact_up_to + 1].count()
        if exact <= self.exact_up_to:
            return exact
        return EstimatedCount(max(planned_rows(self.object_list), exact))

    @property
    def estimated(self):
        return isinstance(self.count, EstimatedCount)

    def validate_number(self, number):
        if not self.estimated:
            return super().validate_number(number)
        # Any page from 1 on: the estimate may fall short of the list's end.
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
