"""xmllint (Debian's libxml2-utils, which make test and .ci/run install), as the
validators' run (make validate) uses it on the sitemaps."""

import shutil
import subprocess


def xmllint_errors(content: bytes, schema, tmp_path) -> str:
    """xmllint's complaints: none when it finds `content` valid against `schema`."""
    xmllint = shutil.which("xmllint")
    assert xmllint, "xmllint is missing: make test installs Debian's libxml2-utils"
    file = tmp_path / "sitemap.xml"
    file.write_bytes(content)
    result = subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [xmllint, "--noout", "--schema", str(schema), str(file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return "" if result.returncode == 0 and "validates" in result.stderr else result.stderr
