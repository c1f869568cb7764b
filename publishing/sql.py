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

The statements every first render runs (`@prepared_once`) go one step further:
PostgreSQL plans a statement afresh each time it receives its text, which cost
the article page as much time as running its two statements (bench/RESULTS.md,
issue 16). Prepared once per database connection (PREPARE), each is then only
executed (EXECUTE), and PostgreSQL keeps its plan. Connections live for
DATABASE_CONN_MAX_AGE, so a statement is prepared a few times a minute per
worker, not on every request.
"""

import datetime
import functools
import re

from django.db import DEFAULT_DB_ALIAS, connections

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


# Bumped by forget_compiled(): statements prepared before it are stale.
_generation = 0
_PARAMETER = re.compile(r"%\((\w+)\)s")


class PreparedStatement:
    """SQL text with named parameters (%(name)s), prepared once per connection.

    Calling it with the parameters' values returns what to execute, as the
    (sql, params) pair a cursor or Model.objects.raw() takes: EXECUTE with the
    values in the statement's order. Columns come back named as the text names
    them.
    """

    def __init__(self, function):
        self.text = compiled_once(function)
        self.name = f"{function.__module__}_{function.__qualname__}".replace(".", "_").lower()
        functools.update_wrapper(self, function)

    def __call__(self, **values):
        names, numbered = _numbered(self.text())
        connection = connections[DEFAULT_DB_ALIAS]
        prepared = _prepared_names(connection)
        if self.name not in prepared:
            _set_up(connection, f"PREPARE {self.name} AS {numbered}")
            prepared.add(self.name)
        if not names:  # PostgreSQL refuses "EXECUTE name()"
            return f"EXECUTE {self.name}", []
        placeholders = ", ".join(["%s"] * len(names))
        return f"EXECUTE {self.name}({placeholders})", [values[name] for name in names]


@functools.cache
def _numbered(text):
    """The parameters' names in order, and `text` with $1, $2… in their place: read
    once per text, not on every execution."""
    names = list(dict.fromkeys(_PARAMETER.findall(text)))
    numbered = _PARAMETER.sub(lambda match: f"${names.index(match[1]) + 1}", text)
    # Not a %-template any more: the doubled percent signs are one again.
    return names, numbered.replace("%%", "%")


def prepared_once(function):
    """`function` returns SQL text; the decorated function, called with the
    parameters' values, returns (sql, params) to execute it prepared."""
    return PreparedStatement(function)


def _prepared_names(connection):
    """The statements prepared on this connection: a new connection (or one older
    than forget_compiled()) has none, or none that are current."""
    connection.ensure_connection()
    state = getattr(connection, "_kpu_prepared", None)
    if state is not None and state[0] is connection.connection and state[1] == _generation:
        return state[2]
    if state is not None and state[0] is connection.connection:
        _set_up(connection, "DEALLOCATE ALL")
    state = (connection.connection, _generation, set())
    # PostgreSQL's default (auto) planned these statements afresh on each
    # execution: a generic plan's estimates looked dearer than its first five
    # custom plans'. Forced, each is planned once per connection. Only prepared
    # statements have a plan to keep: the ORM's queries are unaffected. Each
    # statement's generic plan is checked by EXPLAIN at both of the bench's sizes
    # (bench/RESULTS.md); a LIMIT that is always the same is written into the
    # text, so that the plan is made for it.
    _set_up(connection, "SET plan_cache_mode = force_generic_plan")
    connection._kpu_prepared = state
    return state[2]


def _set_up(connection, statement):
    """Runs `statement` on the connection itself, as Django sets a new connection's
    time zone: it belongs to the connection, a few times a minute, not to the
    request that happens to need it first, so no request's query count holds it."""
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        cursor.execute(statement)


def forget_compiled():
    global _generation
    _generation += 1
    _numbered.cache_clear()
    for function in _compiled:
        function.cache_clear()


def from_row(model, fields, values):
    """A `model` instance from the values of `fields` (in that order) in a row of
    hand-written SQL, through the ORM's converters (JSON decoded, for one), as a
    queryset would make it; the model's other fields are deferred.

    Cheaper than Model.objects.raw(), which works out afresh for every statement
    which column is which field.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    return model.from_db(
        connection.alias,
        [field.attname for field in fields],
        [
            field.from_db_value(value, None, connection)
            if hasattr(field, "from_db_value")
            else value
            for field, value in zip(fields, values, strict=True)
        ],
    )
