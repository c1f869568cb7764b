"""A named queryset as SQL text, for the few statements the ORM cannot write.

The counter's one-statement increment (news/counter.py) and the related news
(news/related.py) are hand-written SQL, yet "visible to the public now" must
stay stated once, in `published()`. They select from the queryset's own SQL,
`FROM (<published_sql(...)>) article`, which PostgreSQL pulls up into the
outer query: the plan is the one a hand-written WHERE would get, indexes
included.

Compiling a queryset costs Python time on every request, so its text is
compiled once per process (`@compiled_once`) and reused at any later time.
That is only right when the text holds no moment: `published()` compares with
the database's clock (Now()), and published_sql() refuses a query carrying a
date or time as a parameter, which would freeze the moment it was compiled.
"""

import datetime
import functools

from django.db import connections

_compiled = []


def published_sql(queryset):
    """The SQL of `queryset` with its parameters written in, ready to nest in
    a statement whose own parameters are bound by name (%(name)s).
    """
    # Unordered: the outer statement orders, and PostgreSQL does not pull up a
    # subquery that has an ORDER BY of its own.
    sql, params = queryset.order_by().query.sql_with_params()
    frozen = [value for value in params if isinstance(value, datetime.date | datetime.time)]
    if frozen:
        raise ValueError(
            f"{queryset.model.__name__} query compares with the fixed time {frozen[0]!r}: "
            "compiled once, it would stay true at that moment only. Compare with "
            "django.db.models.functions.Now() instead."
        )
    # Literal percent signs must survive the outer statement's parameter binding.
    return connections[queryset.db].ops.compose_sql(sql, params).replace("%", "%%")


def compiled_once(function):
    """Keep what `function` returns (SQL text) for the life of the process;
    forget_compiled() drops it, for a test that changes a rule.
    """
    cached = functools.cache(function)
    _compiled.append(cached)
    return cached


def forget_compiled():
    for function in _compiled:
        function.cache_clear()
