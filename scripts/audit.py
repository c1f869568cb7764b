"""Audit the installed Python packages for known vulnerabilities with pip-audit.

Exit 1 when a package has a known vulnerability that is not in IGNORED_VULNS.
When the vulnerability service (PyPI's JSON API) cannot be reached, or answers for
none of the packages, nothing was audited: that is an error too, unless
--allow-unreachable is given (`make test`), which then only warns, so a network
outage does not fail an unrelated test run.
"""

# Every command here is built from fixed parts, never from outside input.
# ruff: noqa: S603

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Known vulnerabilities accepted for now, each with the reason; README.md
# ("Dependency audit") lists them too. Remove an entry as soon as a fix can land.
IGNORED_VULNS: dict[str, str] = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--allow-unreachable",
        action="store_true",
        help="warn instead of failing when packages could not be audited",
    )
    args = parser.parse_args()
    pip_audit = Path(sys.executable).parent / "pip-audit"
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "audit.json"
        command = [
            str(pip_audit),
            "--skip-editable",  # the project itself, not on PyPI
            "--progress-spinner=off",
            "--format=json",
            f"--output={report_path}",
        ]
        for vuln_id in IGNORED_VULNS:
            command.append(f"--ignore-vuln={vuln_id}")
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        # pip-audit writes the report whether or not it finds a vulnerability; no
        # report means it stopped early, typically on a connection error.
        report = json.loads(report_path.read_text()) if report_path.exists() else None

    if report is None:
        dependencies = []
        reason = (finished.stderr.strip().splitlines() or ["pip-audit failed"])[-1]
    else:
        dependencies = report["dependencies"]
        reason = "PyPI's vulnerability data for their releases could not be fetched"
    skipped = [dep["name"] for dep in dependencies if "skip_reason" in dep]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    vulnerable = [dep for dep in audited if dep["vulns"]]

    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln["fix_versions"]) or "no fixed release yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print("Upgrade, or document an exception in scripts/audit.py and README.md.")
        return 1
    if skipped or not audited:
        names = ", ".join(skipped[:5]) + ("…" if len(skipped) > 5 else "")
        print(
            f"{'WARNING' if args.allow_unreachable else 'ERROR'}: pip-audit could not audit "
            f"{len(skipped) or 'any'} package(s){f' ({names})' if names else ''}: {reason}."
        )
        if not args.allow_unreachable:
            return 1
    print(
        f"pip-audit: {len(audited)} of {len(dependencies)} package(s) audited, "
        "no known vulnerability"
        + (f" ({len(IGNORED_VULNS)} accepted, see README.md)" if IGNORED_VULNS else "")
        + "."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
