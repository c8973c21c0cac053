"""Benchmark the pb engine against pabutools 1.2.3 on every shared Pabulib instance.

    .venv/bin/python bench/pb_engine.py [--quick] [--budget SECONDS] [--pabutools-timeout 120]

For each instance: engine parse time, engine count time for every rule, and pabutools' time for
greedy and MES+Add1 (cost utilities, the official ``exhaustion_by_budget_increase`` call) in a
subprocess limited to ``--pabutools-timeout`` seconds (a timeout makes the ratio a lower bound,
printed with ``>``). Ratios are pabutools time / engine time, both excluding parsing. The last
line is one JSON object with the summary figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auyl.pb import read, tally, write  # noqa: E402
from auyl.pb.model import Instance, Project  # noqa: E402
from auyl.pb.tally import Options  # noqa: E402

SHARED = ROOT.parent / "shared" / "pabulib"
ENGINE_RULES = {
    "greedy": Options("greedy"),
    "greedy-cost": Options("greedy-cost"),
    "mes": Options("mes", "cost", "none"),
    "mes+add1": Options("mes", "cost", "add1"),
    "mes+add1-exh": Options("mes", "cost", "add1-exhaustive"),
}
PABU_SCRIPT = r"""
import sys, time
from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import method_of_equal_shares, exhaustion_by_budget_increase, greedy_utilitarian_welfare
inst, prof = parse_pabulib(sys.argv[1])
t = time.perf_counter()
if sys.argv[2] == "greedy":
    greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
else:
    exhaustion_by_budget_increase(inst, prof, method_of_equal_shares, {"sat_class": Cost_Sat},
                                  budget_step=prof.num_ballots(), exhaustive_stop=False)
print(time.perf_counter() - t)
"""


def pabutools_time(path: Path, rule: str, timeout: float) -> tuple[float, bool]:
    """Seconds pabutools needs (excluding parsing) and whether it finished."""
    try:
        out = subprocess.run([sys.executable, "-c", PABU_SCRIPT, str(path), rule], capture_output=True,
                             text=True, timeout=timeout, check=True)
        return float(out.stdout.strip().splitlines()[-1]), True
    except subprocess.TimeoutExpired:
        return timeout, False


def engine_times(path: Path) -> tuple[float, dict[str, float]]:
    t = time.perf_counter()
    inst = read(path)
    parse = time.perf_counter() - t
    times = {}
    for name, opts in ENGINE_RULES.items():
        t = time.perf_counter()
        tally(inst, Options(**vars(opts)))
        times[name] = time.perf_counter() - t
    return parse, times


def generated(path: Path, voters: int = 100_000, projects: int = 150, seed: int = 1) -> None:
    """A synthetic instance: skewed popularity, 1–5 approvals per voter, costs 10k–500k."""
    rnd = random.Random(seed)
    pop = [rnd.paretovariate(1.2) for _ in range(projects)]
    ps = [Project(f"g{i}", __import__("fractions").Fraction(rnd.randrange(10_000, 500_000, 100)))
          for i in range(projects)]
    ballots: dict = {}
    for _ in range(voters):
        k = rnd.randint(1, 5)
        chosen = sorted(set(rnd.choices(range(projects), weights=pop, k=k)))
        key = tuple((j, 1) for j in chosen)
        ballots[key] = ballots.get(key, 0) + 1
    budget = sum(p.cost for p in ps) // 4
    meta = {"description": "generated", "country": "none", "unit": "none", "instance": "1",
            "num_projects": str(projects), "num_votes": str(voters), "budget": str(budget),
            "vote_type": "approval", "rule": "equalshares/add1"}
    write(Instance(meta, ps, budget, "approval", ballots, ["project_id", "cost", "name"]), path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="only the instances with >= 5,000 ballots")
    ap.add_argument("--budget", type=float, default=25 * 60, help="overall time budget in seconds")
    ap.add_argument("--pabutools-timeout", type=float, default=120)
    args = ap.parse_args()
    start = time.perf_counter()
    files = sorted(SHARED.glob("*.pb"), key=lambda p: p.stat().st_size)
    ratios: list[float] = []
    summary: dict = {}
    print(f"{'instance':<48} {'voters':>7} {'parse':>6} " + " ".join(f"{r:>12}" for r in ENGINE_RULES)
          + f" {'pabu add1':>10} {'ratio':>8} {'greedy ratio':>12}")
    for path in files:
        inst = read(path)
        big = inst.num_voters >= 5000
        if args.quick and not big:
            continue
        parse, times = engine_times(path)
        left = args.budget - (time.perf_counter() - start)
        pabu = ratio = gratio = ""
        if big or left > 3 * args.pabutools_timeout:
            limit = max(1.0, min(args.pabutools_timeout, left / 2))
            pt, done = pabutools_time(path, "add1", limit)
            r = pt / times["mes+add1"]
            pabu, ratio = f"{'' if done else '>'}{pt:.1f}s", f"{'' if done else '>'}{r:.0f}x"
            gt, _ = pabutools_time(path, "greedy", min(limit, 60))
            gratio = f"{gt / times['greedy']:.0f}x"
            if big:
                ratios.append(r)
                summary[f"ratio_{path.stem}"] = round(r, 1) if done else f">{r:.1f}"
        cells = " ".join(f"{times[r]:>11.3f}s" for r in ENGINE_RULES)
        print(f"{path.name[:48]:<48} {inst.num_voters:>7} {parse:>5.2f}s {cells} {pabu:>10} {ratio:>8} {gratio:>12}",
              flush=True)
        if path.name == "Poland_Lodz_2022.pb":
            summary["lodz_2022_mes_add1_s"] = round(parse + times["mes+add1"], 3)
            summary["lodz_2022_greedy_s"] = round(parse + times["greedy"], 3)
    with tempfile.TemporaryDirectory() as tmp:
        gpath = Path(tmp) / "generated.pb"
        generated(gpath)
        parse, times = engine_times(gpath)
        summary["generated_100k_150_mes_add1_s"] = round(parse + times["mes+add1"], 3)
        summary["generated_100k_150_greedy_s"] = round(parse + times["greedy"], 3)
        print(f"generated 100,000 voters x 150 projects: parse {parse:.2f}s, "
              + ", ".join(f"{k} {v:.3f}s" for k, v in times.items()))
    summary["ratio_median"] = round(statistics.median(ratios), 1) if ratios else None
    summary["ratio_min"] = round(min(ratios), 1) if ratios else None
    summary["ratios_are_lower_bounds_where_timed_out"] = True
    summary["total_s"] = round(time.perf_counter() - start, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
