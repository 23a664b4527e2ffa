"""``python -m engine.runs``: list, export and delete recorded training runs.

    python -m engine.runs list [--json]
    python -m engine.runs export ID [ID ...] --format csv|tensorboard --out PATH
    python -m engine.runs delete ID [ID ...]

The history lives in runs.sqlite in the app's data folder; TENSOR_WORKBENCH_DATA names another
folder. An unknown id exits with status 2 and a message.
"""

from __future__ import annotations

import argparse
import json
import sys

from engine.runs.export import to_csv, to_tensorboard
from engine.runs.store import RunNotFound, RunStore


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m engine.runs",
        description="The training runs recorded by Tensor Workbench (GUI and command line).",
    )
    commands = p.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list the runs")
    listing.add_argument("--json", action="store_true", help="one JSON list with every field")
    export = commands.add_parser("export", help="write runs as CSV or TensorBoard event files")
    export.add_argument("ids", nargs="+", type=int, metavar="ID")
    export.add_argument("--format", choices=("csv", "tensorboard"), required=True)
    export.add_argument("--out", required=True, help="a .csv file, or a folder for TensorBoard")
    delete = commands.add_parser("delete", help="delete runs (and their kept models)")
    delete.add_argument("ids", nargs="+", type=int, metavar="ID")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    store = RunStore()
    if store.notice:
        print(store.notice, file=sys.stderr)
    if not store.available:
        print(f"error: {store.problem}", file=sys.stderr)
        return 1
    try:
        if args.command == "list":
            runs = store.runs()
            if args.json:
                print(json.dumps([run.as_json() for run in runs]))
            else:
                for run in runs:
                    accuracy = "" if run.test_accuracy is None else f"{run.test_accuracy:.4f}"
                    print(
                        f"{run.id:>5}  {run.started}  {run.source:<3}  {run.status:<11}  "
                        f"{len(run.epochs):>3} epochs  {accuracy:>6}  {run.name}"
                    )
        elif args.command == "export":
            runs = store.get_many(args.ids)
            if args.format == "csv":
                print(to_csv(runs, args.out))
            else:
                for folder in to_tensorboard(runs, args.out):
                    print(folder)
        else:
            store.delete(args.ids)
            print(f"deleted {len(args.ids)} run(s)")
    except RunNotFound as exc:
        print(f"error: there is no run with id {exc.args[0]}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
