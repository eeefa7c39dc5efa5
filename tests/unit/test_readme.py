"""The README's example of `check` is what `check` prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The listing behind the README's example: a number that cannot be dialled, and a misspelt field.
X = """\
name: Example Line
category: warmline
summary: A fictional line for the example in the README.
phones:
  - number: "12345"
service_area: [Buncombe County, NC]
verified: {date: "2026-11-01", by: sources}
source:
  - https://example.org/x
urll: https://example.org/x
"""


def test_the_readme_shows_what_check_prints(bundled, tmp_path):
    content = tmp_path / "content"  # a copy: the bundled directory is shared by the session's tests
    shutil.copytree(bundled, content)
    (content / "listings" / "x.yaml").write_text(X, encoding="utf-8")
    block = re.search(r"<!-- check-example:.*?-->\n```\n\$ (.*?)\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "the README's check example is missing its marker"
    command, output = block.groups()
    assert command == "python build.py check"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=tmp_path, capture_output=True,
                            text=True, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})
    assert result.stderr == output
