"""Command line: ``auyl ai evaluate ...`` (and ``python -m auyl.text evaluate ...``), ``ai split``."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from auyl.text.evaluate import METRIC_KEYS, evaluate, split_rows
from auyl.text.routing import read_rows


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``ai`` command group on the main CLI's subparsers."""
    ai = subparsers.add_parser("ai", help="offline AI helper: evaluate text analysis on labelled CSV files")
    add_subcommands(ai)


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="ai_command", required=True)
    ev = sub.add_parser("evaluate", help="routing, clustering and duplicate metrics, backend vs baseline")
    ev.add_argument("--train", required=True, help="CSV with labelled training rows")
    ev.add_argument("--test", required=True, help="CSV with labelled test rows")
    ev.add_argument("--text-column", required=True)
    ev.add_argument("--label-column", required=True)
    ev.add_argument("--duplicate-column", default=None)
    ev.add_argument("--settlement-column", default="settlement",
                    help="if present, duplicates are scored within one settlement (default: settlement)")
    ev.add_argument("--backend", choices=["sparse", "dense"], default="sparse")
    ev.add_argument("--json", action="store_true", help="end with one JSON line of all metrics")
    ev.set_defaults(func=run_evaluate)
    sp = sub.add_parser("split", help="write the fixed train/test split of a labelled CSV")
    sp.add_argument("input")
    sp.add_argument("--train", required=True)
    sp.add_argument("--test", required=True)
    sp.set_defaults(func=run_split)


def _table(result: dict[str, object]) -> str:
    baseline = result["baseline"]
    assert isinstance(baseline, dict)
    keys = [k for k in METRIC_KEYS if k in result]
    lines = [f"{'metric':<14} {result['backend']!s:>10} {'baseline':>10}"]
    lines += [f"{k:<14} {result[k]:>10.4f} {baseline[k]:>10.4f}" for k in keys]
    lines.append(f"train rows {result['n_train']}, test rows {result['n_test']}; baseline = {baseline['name']}")
    if "dup_threshold" in result:
        lines.append(f"duplicate threshold {result['dup_threshold']:.4f} (calibrated on the train rows)")
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    try:
        result = evaluate(read_rows(args.train), read_rows(args.test), args.text_column, args.label_column,
                          args.duplicate_column, backend=args.backend, settlement_column=args.settlement_column)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_table(result))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def run_split(args: argparse.Namespace) -> int:
    rows = read_rows(args.input)
    if not rows:
        print("error: no rows", file=sys.stderr)
        return 2
    for path, part in zip((args.train, args.test), split_rows(rows), strict=True):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
        print(f"{path}: {len(part)} rows")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auyl.text", description="Auyl AI helper (text analysis)")
    add_subcommands(parser)
    args = parser.parse_args(argv)
    return int(args.func(args))
