"""Election acronyms for the site search: "DPT" finds "Daftar Pemilih Tetap", and
the reverse.

Staff extend search/acronyms.txt; it is read once per process. The search
(search/engine.py) passes only the pairs whose short or long form the reader
typed, and PostgreSQL rewrites the reader's tsquery with ts_rewrite, which
matches a long form's words inside a larger AND (other words around it), inside
a phrase in quotes and under a -minus alike.
"""

import functools
import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

ACRONYMS_FILE = Path(__file__).with_name("acronyms.txt")
_LINE = re.compile(r"^\s*(\w+)\s*=\s*(\w+(?:\s+\w+)+)\s*$")
_WORD = re.compile(r"\w+")


@functools.cache
def acronyms(path=ACRONYMS_FILE) -> tuple[tuple[str, str], ...]:
    """(short, long) pairs, lower-cased; a malformed line is skipped with a warning."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        # The search still works without acronyms: never an error page for readers.
        logger.exception("%s cannot be read: the search runs without acronyms", path)
        return ()
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            logger.warning("%s, line %d: not “SHORT = Long Form”, skipped: %r", path, number, line)
            continue
        pairs.append((match[1].lower(), " ".join(match[2].lower().split())))
    return tuple(pairs)


def typed_pairs(words: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """The pairs whose short form the reader typed, and those whose long form's words
    they all typed (in any order), as four lists for the search's array parameters:
    shorts typed and their long forms, long forms typed and their shorts."""
    typed = set(_WORD.findall(words.lower()))
    by_short = [(short, long) for short, long in acronyms() if short in typed]
    by_long = [(short, long) for short, long in acronyms() if typed.issuperset(long.split())]
    return (
        [short for short, _ in by_short],
        [long for _, long in by_short],
        [long for _, long in by_long],
        [short for short, _ in by_long],
    )
