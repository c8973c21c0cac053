"""Compute pabutools' winners for every shared instance and rule configuration, once.

pabutools is slow (MES+Add1: minutes on the largest files), so the tests compare the engine with
this committed fixture and run pabutools live only on the fast subset. Regenerate with::

    .venv/bin/python -m auyl.pb.tests.make_pabutools_fixture [--timeout 600]

The exact pabutools 1.2.3 calls are in ``pabutools_bridge.winners`` (multiprofiles built from the
engine's reader, tie-breaking = the engine's default ``votes,cost,id``):

* greedy: ``greedy_utilitarian_welfare(inst, prof, sat_class=<points×cost>, tie_breaking=tb)``
* greedy-cost: ``greedy_utilitarian_welfare(inst, prof, sat_class=Additive_Cardinal_Sat, ...)``
* mes none: ``method_of_equal_shares(inst, prof, sat_class=S, tie_breaking=tb)``
* mes add1-exhaustive: same with ``voter_budget_increment=1``
* mes add1: ``exhaustion_by_budget_increase(inst, prof, method_of_equal_shares,
  {"sat_class": S, "tie_breaking": tb}, budget_step=num_voters, exhaustive_stop=False)``

with S = Cost_Sat (cost), Cardinality_Sat (approval), Additive_Cardinal_Sat (points).
"""

from __future__ import annotations

import argparse
import json
import signal
import time
from pathlib import Path

from auyl.pb.model import ORDINAL_TYPE, POINT_TYPES
from auyl.pb.pabulib import read
from auyl.pb.tally import Options
from auyl.pb.tests.pabutools_bridge import winners

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--only", default="", help="substring of file names to (re)compute")
    args = ap.parse_args()
    data = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {}
    signal.signal(signal.SIGALRM, _alarm)
    for path in sorted(SHARED.glob("*.pb"), key=lambda p: p.stat().st_size):
        if args.only not in path.name:
            continue
        inst = read(path)
        entry = data.setdefault(path.name, {})
        for o in configs(inst.vote_type):
            key = config_key(o)
            if key in entry and entry[key].get("winners") is not None:
                continue
            t = time.perf_counter()
            signal.alarm(args.timeout)
            try:
                w = winners(inst, o)
                entry[key] = {"winners": w, "seconds": round(time.perf_counter() - t, 2)}
            except Timeout:
                entry[key] = {"winners": None, "seconds": None, "timeout": args.timeout}
            finally:
                signal.alarm(0)
            print(path.name, key, entry[key].get("seconds"), flush=True)
            FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
