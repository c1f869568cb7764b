"""publishing/sql.py: statements prepared once per connection, executed by name."""

import pytest
from django.db import connection

from publishing.sql import forget_compiled, prepared_once

pytestmark = pytest.mark.django_db


@prepared_once
def _no_parameters_sql():
    return "SELECT 41 + 1"


@prepared_once
def _named_parameters_sql():
    return "SELECT %(word)s || '-' || %(number)s::text || '-' || %(word)s, '100%%'"


def execute(statement, **values):
    with connection.cursor() as cursor:
        cursor.execute(*statement(**values))
        return cursor.fetchone()


def test_a_statement_without_parameters_runs():
    assert execute(_no_parameters_sql) == (42,)


def test_named_parameters_are_bound_by_name_once_each_and_percent_signs_stay_literal():
    assert execute(_named_parameters_sql, word="suara", number=7) == ("suara-7-suara", "100%")
    assert execute(_named_parameters_sql, number=8, word="pemilu") == ("pemilu-8-pemilu", "100%")


def test_a_statement_is_prepared_again_after_forget_compiled():
    execute(_no_parameters_sql)
    forget_compiled()
    assert execute(_no_parameters_sql) == (42,)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [_no_parameters_sql.name]
        )
        assert cursor.fetchone() == (1,)


def plans_of(statement):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            [statement.name],
        )
        return cursor.fetchone()


def test_each_statement_is_planned_once_not_on_every_execution():
    """PostgreSQL's default plans a statement afresh on each execution while its
    custom plans look cheaper than a generic one (for most of ours, always)."""
    forget_compiled()
    for number in range(8):
        execute(_named_parameters_sql, word="suara", number=number)
    assert plans_of(_named_parameters_sql) == (8, 0)


def test_the_site_s_statements_are_never_compiled_to_machine_code():
    """JIT compilation took 10 ms and more on statements that run in one (the news
    feed at 100,000 articles, bench/RESULTS.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
