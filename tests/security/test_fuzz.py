"""A fuzzer: every URL the project and its libraries expose, as each role, with hostile input.

The URLs come from the URL resolver at run time (tests/security/fuzz.py), so a URL
added later is fuzzed with no change here. Path parameters get the real ids and
slugs of a world where another writer has a draft, a scheduled article, one in
review and a deleted one, each of their texts a secret marker; then hostile path
segments. Then each URL gets hostile values (NUL, 5,000 and 100,000 characters, huge
numbers, bad dates, invalid UTF-8, SQL, template syntax, path traversal, XSS) in every
query parameter its view reads and every field of its forms, by GET and by POST.

Every answer must: not be a 5xx; take at most a second (a slower one is sent again
once); not be a 2xx where the roles of accounts/roles.py refuse one; and, for
anonymous visitors and writers, show no marker of the other writer's unpublished
articles, in the page, its headers or a redirect. All failures of a role are
collected and reported together; the number of requests sent is printed (-s) and is
in the failure message.
"""

import time

import pytest

from tests.security.fuzz import Fuzzer, build_world, development_urls

ROLES = ["anonymous", "writer", "editor", "administrator"]


@pytest.fixture
def world(db, admin, administrator, editor, writer, other_writer, media_root):
    users = {
        "admin": admin,
        "administrator": administrator,
        "editor": editor,
        "writer": writer,
        "other_writer": other_writer,
    }
    return build_world(users, media_root)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_hostile_input_as_the_roles_allow(world, role):
    started = time.perf_counter()
    with development_urls():
        fuzzer = Fuzzer(world, role, None if role == "anonymous" else world.users[role])
        fuzzer.run()
    summary = (
        f"fuzz as {role}: {len(fuzzer.routes)} URL patterns, {fuzzer.paths} paths, "
        f"{fuzzer.sent} requests (URL × role × value combinations) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    print(f"\n{summary}")  # noqa: T201 (shown with -s)
    assert not fuzzer.failures, f"{summary}\n{fuzzer.report()}"
