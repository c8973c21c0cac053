"""Compute pabutools' winners for every shared instance and rule configuration, once.

pabutools is slow (MES+Add1: minutes on the largest files), so the tests compare the engine with
this committed fixture and run pabutools live only on the fast subset. Regenerate with::

    nice -n 19 .venv/bin/python -m auyl.pb.tests.make_pabutools_fixture --timeout 120

The limit is CPU time of this process (``ITIMER_PROF``), not wall time, so a machine shared with
other jobs does not turn slow runs into timeouts. Long runs can go in parallel, one process per
``--key``, each with its own ``--out`` file (merge the entries afterwards). It resumes where it stopped: entries already
computed, or recorded as a CPU timeout at a limit at least as large, are not run again. Cheap
configurations (greedy, plain MES) go first over all files, then Add1-exhaustive, then Add1.

The exact pabutools 1.2.3 calls are in ``pabutools_bridge.winners`` (multiprofiles built from the
engine's reader, tie-breaking = the engine's default ``votes,cost,id``):

* greedy: ``greedy_utilitarian_welfare(inst, prof, sat_class=<points×cost>, tie_breaking=tb)``
* greedy-cost: ``greedy_utilitarian_welfare(inst, prof, sat_class=Additive_Cardinal_Sat, ...)``
* mes none: ``method_of_equal_shares(inst, prof, sat_class=S, tie_breaking=tb)``
* mes add1-exhaustive: same with ``voter_budget_increment=1``
* mes add1: ``exhaustion_by_budget_increase(inst, prof, method_of_equal_shares,
  {"sat_class": S, "tie_breaking": tb}, budget_step=num_voters, exhaustive_stop=False)``

with S = Cost_Sat (cost), Cardinality_Sat (approval), Additive_Cardinal_Sat (points).

Substitutes (``--substitute``, the pairs of ``SUBSTITUTES``; ``pabutools_bridge.substitute``)::

    nice -n 19 .venv/bin/python -m auyl.pb.tests.make_pabutools_fixture --substitute --timeout 300

Nine Add1 pairs cannot be run through pabutools' own loop (a million MES runs, or days). For them
the entry is ``{"winners", "seconds", "substitute": {"method", "steps", ...}}``: step k is pabutools'
plain ``method_of_equal_shares(inst_k, prof, sat_class=S, tie_breaking=tb)`` on a deep copy of the
instance with ``budget_limit = B + k·n`` (n = ``prof.num_ballots()``, a multiprofile's total
multiplicity = the number of voters), so every voter starts with B/n + k — what both loops evaluate
at their k-th step — judged feasible / exhaustive against the original instance, as the loops judge.
Every step is recorded with its role, verdicts, pabutools' winners and CPU seconds; ``seconds`` is
their sum (steps shared by Add1 and Add1-exhaustive are computed once, ``--cache``).

* ``bound-step`` (Warszawa 2018 Las cost/approval, Kraków 2020 Podgórze Duchackie
  cost/approval/points; Add1 = ``exhaustion_by_budget_increase``): the admitted projects together
  cost at most B (refused otherwise), so no outcome is infeasible against B; with
  ``exhaustive_stop=False`` the loop has no other exit and runs while ``budget_limit <=
  budget_bound = B·(num_ballots + 1)``, returning the outcome of the last budget it evaluated,
  B + m·n with m = floor((B·(n+1) − B) / n) (= B for an integer B). Nothing carries over between
  its iterations (each gets the deep copy's current budget and the same parameters; the initial
  allocation is copied), so the one MES call at that budget is exactly what the loop returns.
* ``last-steps`` (Budapest 2024, cost/approval × Add1/Add1-exhaustive): k* = the engine's
  stopping step (``Outcome.run.endowment − B/n``). pabutools checks k* (feasible; its winners are
  recorded) and the step that ends its loop there — Add1: k*+1 infeasible; Add1-exhaustive: k*
  exhaustive and k*−1 feasible and not exhaustive, or (no exhaustive outcome first) k*+1
  infeasible — plus k = 0 and 6 evenly spaced steps in (0, k*), which must be feasible (and, for
  Add1-exhaustive, not exhaustive): pabutools' loop could not have stopped there. The other steps
  below k* are not run through pabutools; see docs/pb-engine.md for what covers them.

Any verdict other than the method needs raises ``SubstituteError`` and nothing is recorded.
``test_pabutools`` compares the winners like any entry and re-checks the premises against the
engine (admitted cost ≤ B; the engine still stops at the recorded k*; the recorded verdicts).
"""

from __future__ import annotations

import argparse
import json
import signal
import time
from pathlib import Path

from auyl.pb.model import ORDINAL_TYPE, POINT_TYPES
from auyl.pb.pabulib import read
from auyl.pb.tally import Options, tally
from auyl.pb.tests.pabutools_bridge import SubstituteError, stop_step, substitute, winners

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "pabutools_fixture.json"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "pabulib"


def configs(vote_type: str) -> list[Options]:
    out = [Options("greedy"), Options("greedy-cost")]
    utilities = ["cost", "approval"] + (["points"] if vote_type in (*POINT_TYPES, ORDINAL_TYPE) else [])
    for u in utilities:
        for c in ("none", "add1", "add1-exhaustive"):
            out.append(Options("mes", u, c))
    return out


def config_key(o: Options) -> str:
    return o.rule if o.rule != "mes" else f"mes/{o.utility}/{o.completion}"


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def phase(key: str) -> int:
    """0: greedy and plain MES, 1: Add1-exhaustive, 2: Add1 (pabutools' slowest)."""
    return 2 if key.endswith("/add1") else 1 if key.endswith("add1-exhaustive") else 0


def settled(entry: dict, timeout: int) -> bool:
    return entry.get("winners") is not None or (entry.get("timer") == "cpu" and entry.get("timeout", 0) >= timeout)


# Pairs whose pabutools Add1 loop cannot be run to its end, with the substitute computed instead
# (module docstring; ``pabutools_bridge.substitute``).
SUBSTITUTES = {
    **{("Poland_Warszawa_2018_Las.pb", f"mes/{u}/add1"): "bound-step" for u in ("cost", "approval")},
    **{
        ("Poland_Krakow_2020_Podgorze_Duchackie.pb", f"mes/{u}/add1"): "bound-step"
        for u in ("cost", "approval", "points")
    },
    **{
        ("Hungary_Budapest_2024.pb", f"mes/{u}/{c}"): "last-steps"
        for u in ("cost", "approval")
        for c in ("add1", "add1-exhaustive")
    },
}


def substitutes(args, data: dict) -> int:
    """``--substitute``: the entries of :data:`SUBSTITUTES`; returns the number of failures."""
    cache = json.loads(args.cache.read_text()) if args.cache.exists() else {}

    def save() -> None:
        args.cache.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n")

    def guard(f):
        signal.setitimer(signal.ITIMER_PROF, args.timeout)
        try:
            return f()
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)

    failures = 0
    for (name, key), method in sorted(SUBSTITUTES.items(), key=lambda kv: (kv[1] == "last-steps", kv[0])):
        if args.only not in name or args.key not in key:
            continue
        entry = data.setdefault(name, {})
        if entry.get(key, {}).get("substitute") and entry[key].get("winners") is not None:
            continue
        inst = read(SHARED / name)
        _, utility, completion = key.split("/")
        opts = Options("mes", utility, completion)
        t = time.perf_counter()
        c = time.process_time()
        engine = tally(inst, opts)
        engine_s = time.process_time() - c
        stop = stop_step(inst, engine) if method == "last-steps" else None
        print(f"{name} {key}: {method}, engine {engine_s:.1f} s, stop {stop}", flush=True)
        try:
            out = substitute(inst, opts, stop=stop, cache=cache.setdefault(name, {}), save=save, guard=guard)
        except Timeout:
            print(f"  a pabutools call ran out of {args.timeout} s of CPU; not recorded", flush=True)
            failures += 1
            continue
        except SubstituteError as e:
            print(f"  SUBSTITUTE REFUSED: {e}", flush=True)
            failures += 1
            continue
        agree = sorted(out["winners"]) == sorted(engine.winners)
        print(f"  pabutools {out['seconds']} s CPU, wall {time.perf_counter() - t:.1f} s; engine "
              f"{'AGREES' if agree else 'DIFFERS: ' + str(sorted(set(out['winners']) ^ set(engine.winners)))}",
              flush=True)
        entry[key] = out
        args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        failures += not agree
    return failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=int, default=120, help="CPU seconds per pabutools call")
    ap.add_argument("--only", default="", help="substring of file names to (re)compute")
    ap.add_argument("--key", default="", help="substring of configuration keys to (re)compute")
    ap.add_argument("--out", type=Path, default=FIXTURE, help="where to write (parallel runs: one file each)")
    ap.add_argument("--substitute", action="store_true", help="the substitutes of SUBSTITUTES (docstring)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/pabutools_substitute_steps.json"),
                    help="--substitute: pabutools' outcome per step, kept across runs")
    args = ap.parse_args()
    data = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {}
    signal.signal(signal.SIGPROF, _alarm)
    if args.substitute:
        raise SystemExit(1 if substitutes(args, data) else 0)
    paths = [p for p in sorted(SHARED.glob("*.pb"), key=lambda p: p.stat().st_size) if args.only in p.name]
    for stage in (0, 1, 2):
        for path in paths:
            inst = read(path)
            entry = data.setdefault(path.name, {})
            for o in configs(inst.vote_type):
                key = config_key(o)
                if args.key not in key or phase(key) != stage or (key in entry and settled(entry[key], args.timeout)):
                    continue
                t, c = time.perf_counter(), time.process_time()
                signal.setitimer(signal.ITIMER_PROF, args.timeout)
                try:
                    w = winners(inst, o)
                    entry[key] = {"winners": w, "seconds": round(time.process_time() - c, 2)}
                except Timeout:
                    entry[key] = {"winners": None, "seconds": None, "timeout": args.timeout, "timer": "cpu"}
                finally:
                    signal.setitimer(signal.ITIMER_PROF, 0)
                print(path.name, key, entry[key].get("seconds"), f"wall {time.perf_counter() - t:.1f}", flush=True)
                args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
