#!/usr/bin/env python3
"""Command line: build, check or preview the directory.

Exit 0 on success, 1 on content problems, 2 on usage errors and missing packages.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

# One plain line instead of a traceback when the packages are missing, as they are outside the virtual environment.
MISSING = ("build.py needs the package '{name}', which this Python does not have. Activate the virtual environment "
           "first (source .venv/bin/activate; on Windows .venv\\Scripts\\activate), or create it: "
           "python3 -m venv .venv, activate it, then pip install -e .")


def missing_package(error: ModuleNotFoundError) -> int:
    """Say which package is missing and how to get it; a module of our own that is missing is a bug."""
    if (error.name or "").partition(".")[0] == "sitegen":
        raise error
    print(MISSING.format(name=error.name), file=sys.stderr)
    return 2


try:
    import sitegen
    from sitegen.config import Config, shard_path
    from sitegen.problems import format_problems, order, summary
except ModuleNotFoundError as error:
    sys.exit(missing_package(error))


def shard(value: str) -> str:
    """Return a --shard path, or a usage error that says what is expected."""
    try:
        return shard_path(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="check, render, index and write the site (the default)")
    check = commands.add_parser("check", help="check the content only; fast, for pull requests")
    serve = commands.add_parser("serve", help="preview the site on 127.0.0.1, kept up to date as files change")
    for command in (build, check, serve):
        command.add_argument("--content", type=Path, default=Config.content_dir,
                             help=f"content folder (default: {Config.content_dir})")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--out", type=Path, default=Config.site_dir, help=f"output folder (default: {Config.site_dir})")
    for command in (build, serve):
        command.add_argument("--base-url", help="the address the site is published at, overriding site.yaml")
        command.add_argument("--repository", help="the repository's web address for edit and report links, "
                                                  "overriding site.yaml")
        command.add_argument("--branch", help="the branch edit links open, overriding site.yaml")
    build.add_argument("--shard", dest="shards", action="append", default=[], type=shard, metavar="PATH",
                       help="the path of another shard of this directory on the same host, like /nc/: the search "
                            "page merges its search index (once for each shard; the site's own path is left out)")
    build.add_argument("--deploy", action="store_true",
                       help="the site is going live: fail if the address or repository is still an example")
    check.add_argument("--format", choices=["text", "github", "json"], default="text", help="how to print problems")
    check.add_argument("--online", action="store_true", help="also ask whether every listing's web addresses answer")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    new = commands.add_parser("new", help="start a listing file with every field explained; asks for what is missing")
    new.add_argument("category", nargs="?", help="the category's slug from categories.yaml, like warmline")
    new.add_argument("name", nargs="*", help="the service's name, like Example Peer Warmline")
    new.add_argument("--category", dest="category_option", metavar="CATEGORY", help="the category, as an option")
    new.add_argument("--name", dest="name_option", metavar="NAME", help="the name, as an option")
    new.add_argument("--content", type=Path, default=Config.content_dir,
                     help=f"content folder (default: {Config.content_dir})")
    imports = commands.add_parser("import-hsds", help="start listings from Open Referral HSDS 3.0 data, like a 211's "
                                  "export; then check them")
    imports.add_argument("source", type=Path, help="an HSDS JSON file (one service, a list or a page of them), or a "
                                                  "folder of HSDS CSV files with its datapackage.json")
    imports.add_argument("--content", type=Path, default=Config.content_dir,
                         help=f"content folder (default: {Config.content_dir})")
    imports.add_argument("--category", help="the category for services whose data names none of ours, like treatment")
    imports.add_argument("--source", dest="source_url", metavar="URL",
                         help="the web address the data was published at, written as each listing's source")
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in commands.choices and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # plain `python build.py` builds
    args = parser.parse_args(argv)
    if args.command == "new":
        from sitegen.new import main as new_listing
        words = [word for word in (args.category, *args.name) if word]  # with --category, every word is the name
        category = args.category_option or (words.pop(0) if words else None)
        return new_listing(args.content, category, args.name_option or " ".join(words) or None, new.format_usage())

    if args.command == "import-hsds":
        from sitegen.config import build_date
        from sitegen.hsds_import import main as import_hsds
        if import_hsds(args.source, args.content, args.category, args.source_url, build_date()):
            return 1
        # Then check, so the editor sees at once what needs attention: a category to choose, a phone to confirm.
        args.command, args.strict, args.online = "check", False, False
    config = Config(content_dir=args.content, site_dir=getattr(args, "out", Config.site_dir),
                    base_url=getattr(args, "base_url", None), repository=getattr(args, "repository", None),
                    branch=getattr(args, "branch", None), deploy=getattr(args, "deploy", False), strict=args.strict,
                    shards=tuple(getattr(args, "shards", ())))
    if args.command == "serve":
        from sitegen.serve import serve as run_server
        return run_server(config, args.port)
    # One run, then the process ends: the collector's passes over 10,000 checked listings cost seconds and free
    # next to nothing (the data lives until the end anyway).
    gc.disable()
    style = getattr(args, "format", "text")
    try:
        if args.command == "check":
            directory, warnings = sitegen.check(config)
            if args.online:
                from sitegen.online import check_online
                warnings = sorted(warnings + check_online(directory), key=order)
                if config.strict and warnings:
                    raise sitegen.BuildFailed([sitegen.Problem(p.where, p.field, p.message) for p in warnings])
        else:
            warnings = sitegen.build(config)
    except sitegen.BuildFailed as failure:
        report(failure.problems, style)
        if style == "text":
            print(f"{summary(failure.problems)}; "
                  f"{'nothing was built' if args.command == 'check' else f'{config.site_dir}/ was not changed'}.",
                  file=sys.stderr)
        return 1
    report(warnings, style)
    if style == "text":
        done = "Checked" if args.command == "check" else f"Built {config.site_dir}/ from"
        print(f"{done} {config.content_dir}/" + (f" with {summary(warnings)}." if warnings else "."), file=sys.stderr)
    return 0


def report(problems: list, style: str) -> None:
    """Print problems: text and annotations to stderr for people, JSON to stdout for tools."""
    if style == "json":
        print(format_problems(problems, "json"))
    elif problems:
        print(format_problems(problems, style), file=sys.stderr if style == "text" else sys.stdout)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ModuleNotFoundError as error:  # a package imported only when needed, like jinja2 for build and serve
        sys.exit(missing_package(error))
