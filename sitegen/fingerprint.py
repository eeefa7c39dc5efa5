"""Skip a build whose inputs have not changed since the build that made the site."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .config import Config
from .problems import Position, Problem

RECORD = ".build.json"  # kept inside the site, so it is swapped in with the build it describes
PACKAGE_DIR = Path(__file__).resolve().parent


def fingerprint(config: Config) -> str:
    """Return a hash of everything a build reads: content, templates, schemas, this code, options and today."""
    digest = hashlib.sha256(repr((config.base_url, config.strict, config.today.isoformat())).encode())
    for folder in (config.content_dir, config.templates_dir, config.schema_dir, PACKAGE_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def unchanged(site_dir: Path, inputs: str) -> list[Problem] | None:
    """Return the warnings of the build that made site_dir if it was built from these inputs, else None."""
    try:
        record = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs:
        return None
    return [Problem(Position(**p["where"]), p["field"], p["message"], p["level"]) for p in record["warnings"]]


def record(folder: Path, inputs: str, warnings: list[Problem]) -> None:
    """Write down, inside a staged site, the inputs and warnings it was built from."""
    data = {"inputs": inputs, "warnings": [asdict(p) for p in warnings]}
    text = json.dumps(data, indent=1, sort_keys=True).replace("<", "\\u003c")  # no markup, even in a .json file
    (folder / RECORD).write_text(text, encoding="utf-8")
