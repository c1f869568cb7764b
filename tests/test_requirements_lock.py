"""The locks that every install uses agree with pyproject.toml's ranges.

requirements/test.txt (make run, make test, CI) and requirements/base.txt (the
deployment) are written by `make lock`. A range changed in pyproject.toml without a
`make lock` would otherwise install the old pins without a word.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)")
STALE = "pyproject.toml and the locks disagree: run `make lock`"


def locked(name):
    """{package: (version, number of hashes)} of requirements/<name>."""
    pins = {}
    current = None
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match["name"])
            pins[current] = (match["version"], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def requirements(*extras):
    lines = PROJECT["dependencies"] + [
        line for extra in extras for line in PROJECT["optional-dependencies"][extra]
    ]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"), [("base.txt", ()), ("test.txt", ("dev", "test"))], ids=["base", "test"]
)
def test_every_requirement_is_pinned_in_its_range_with_hashes(lock, extras):
    pins = locked(lock)
    for requirement in requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/{lock}: {STALE}"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {name}=={version}, outside {requirement}: {STALE}"
        )
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert not unhashed, f"no hash for {unhashed} in requirements/{lock}"


def test_the_deployment_gets_the_releases_that_were_tested():
    tested = locked("test.txt")
    deployed = locked("base.txt")
    assert {name: tested.get(name) for name in deployed} == deployed, STALE
    assert "pytest" not in deployed and "pgserver" not in deployed
