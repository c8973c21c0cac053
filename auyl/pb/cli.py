"""``auyl pb tally FILE.pb``: count a Pabulib file from the command line."""

from __future__ import annotations

import argparse
import json
import sys

from auyl.pb import tiebreak
from auyl.pb.completion import COMPLETIONS
from auyl.pb.model import Outcome
from auyl.pb.pabulib import PabulibError, read
from auyl.pb.rules.mes import UTILITIES
from auyl.pb.tally import RULES, Options, RuleNotImplemented, options_from_meta, tally


def add_parser(subparsers) -> None:
    """Register the ``pb`` command group on an argparse ``subparsers`` object."""
    pb = subparsers.add_parser("pb", help="participatory-budget vote counting")
    sub = pb.add_subparsers(dest="pb_command", required=True)
    t = sub.add_parser("tally", help="count the votes of a .pb file")
    t.add_argument("file", help="Pabulib .pb file")
    t.add_argument("--rule", choices=RULES, help="default: the rule named in the file's META")
    t.add_argument("--utility", choices=UTILITIES, help="MES utilities (default cost)")
    t.add_argument("--completion", choices=COMPLETIONS, help="MES completion (default none)")
    t.add_argument("--comparison", action="store_true", help="MES: switch to greedy if more voters prefer it")
    t.add_argument("--threshold", type=int, help="minimum number of votes for a project to be admitted")
    t.add_argument("--tie-break", default=None, help=f"criteria, e.g. {tiebreak.DEFAULT} (see docs)")
    t.add_argument("--eligibility-filter", action="store_true", help="Świecie: drop votes/n < cost/(3·budget)")
    t.add_argument("--json", action="store_true", help="print one JSON object")
    t.set_defaults(func=run_tally)


def build_options(args: argparse.Namespace, instance) -> Options:
    """Explicit options override the file's META rule, which is the default."""
    explicit = args.rule or args.utility or args.completion or args.comparison
    if args.rule is None and not explicit:
        opts = options_from_meta(instance)
    else:
        opts = Options(rule=args.rule or "mes")
    if args.utility:
        opts.utility = args.utility
    if args.completion:
        opts.completion = args.completion
    opts.comparison = opts.comparison or args.comparison
    if args.threshold is not None:
        opts.threshold = args.threshold
    if args.tie_break:
        opts.tie_break = args.tie_break
    opts.eligibility_filter = opts.eligibility_filter or args.eligibility_filter
    return opts


def run_tally(args: argparse.Namespace) -> int:
    try:
        instance = read(args.file)
        outcome = tally(instance, build_options(args, instance))
    except (OSError, PabulibError, RuleNotImplemented, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(render(outcome))
    return 0


def render(outcome: Outcome) -> str:
    """Human-readable winners, total and the explanation table."""
    lines = [
        f"rule: {outcome.rule}",
        f"winners ({len(outcome.winners)}): {', '.join(outcome.winners)}",
        f"total cost: {float(outcome.total_cost):,.2f} of {float(outcome.budget):,.2f}",
        *outcome.notes,
        "",
        f"{'project':<14} {'cost':>14} {'votes':>7}  {'funded':<6} why",
    ]
    for e in outcome.projects:
        funded = "yes" if e.selected else "no"
        lines.append(f"{e.id:<14} {float(e.cost):>14,.2f} {e.votes:>7}  {funded:<6} {e.reason}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="auyl")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
