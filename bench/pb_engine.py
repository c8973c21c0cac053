"""Benchmark the pb engine against pabutools 1.2.3 on every shared Pabulib instance.

    .venv/bin/python bench/pb_engine.py [--quick] [--budget SECONDS] [--pabutools-timeout 120]
                                        [--small-timeout 30]

For each instance: engine parse time, engine count time for every rule (counts quicker than 50 ms
are repeated and averaged), and pabutools' time for greedy and MES+Add1 (cost utilities, the
official ``exhaustion_by_budget_increase`` call) in a subprocess limited to ``--pabutools-timeout``
CPU seconds on the instances with ≥ 5,000 ballots (the targets) and ``--small-timeout`` on the
others, so that every instance gets a ratio within the time budget (a timeout makes the ratio a
lower bound, printed with ``>``). The engine's MES+Add1 runs are limited to ``--engine-timeout`` CPU
seconds (a timeout there is printed with ``!`` and the instance's ratio is then unknown). Ratios are
pabutools time / engine time, both excluding parsing and both CPU time of their own process, so that
other jobs on a shared machine do not skew them. The headline wall times (Łódź 2022 and a generated
100,000 × 150 instance, parsing included) are the best of three. The last line is one JSON object
with the summary figures.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
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
t = time.process_time()
if sys.argv[2] == "greedy":
    greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
else:
    exhaustion_by_budget_increase(inst, prof, method_of_equal_shares, {"sat_class": Cost_Sat},
                                  budget_step=prof.num_ballots(), exhaustive_stop=False)
print(time.process_time() - t)
"""
SLOW_RULES = ("mes+add1", "mes+add1-exh")
MIN_TIMED = 0.05  # CPU seconds: quicker counts are repeated and averaged


class EngineTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise EngineTimeout



def pabutools_time(path: Path, rule: str, timeout: float) -> tuple[float, bool]:
    """CPU seconds pabutools needs (excluding parsing) and whether it finished within ``timeout``."""
    limit = f"import resource; resource.setrlimit(resource.RLIMIT_CPU, ({int(timeout) + 30},) * 2)\n"
    try:
        out = subprocess.run([sys.executable, "-c", limit + PABU_SCRIPT, str(path), rule], capture_output=True,
                             text=True, timeout=timeout * 6, check=True)
        cpu = float(out.stdout.strip().splitlines()[-1])
        return (cpu, True) if cpu <= timeout else (timeout, False)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return timeout, False


def engine_times(path: Path, timeout: float) -> tuple[float, dict[str, float | None]]:
    """CPU seconds for parsing and for each rule (None: MES+Add1 hit ``timeout``)."""
    t = time.process_time()
    inst = read(path)
    parse = time.process_time() - t
    times: dict[str, float | None] = {}
    for name, opts in ENGINE_RULES.items():
        t = time.process_time()
        if name in SLOW_RULES:
            signal.setitimer(signal.ITIMER_PROF, timeout)
        try:
            tally(inst, Options(**vars(opts)))
            times[name] = time.process_time() - t
        except EngineTimeout:
            times[name] = None
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if times[name] is not None and times[name] < MIN_TIMED:  # too quick for the clock: average repeats
            t, repeats = time.process_time(), 0
            while time.process_time() - t < MIN_TIMED:
                tally(inst, Options(**vars(opts)))
                repeats += 1
            times[name] = (time.process_time() - t) / repeats
    return parse, times


def best_wall(path: Path, opts: Options, repeat: int = 3) -> float:
    """Best of ``repeat`` wall times for reading ``path`` and counting it with ``opts``."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        tally(read(path), Options(**vars(opts)))
        best = min(best, time.perf_counter() - t)
    return best


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


def _cell(x: float | None) -> str:
    return f"{x:>11.4f}s" if x is not None else f"{'timeout':>12}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="only the instances with >= 5,000 ballots")
    ap.add_argument("--budget", type=float, default=25 * 60, help="overall time budget in seconds")
    ap.add_argument("--pabutools-timeout", type=float, default=120, help="CPU seconds, instances >= 5,000 ballots")
    ap.add_argument("--small-timeout", type=float, default=30, help="CPU seconds of pabutools, other instances")
    ap.add_argument("--engine-timeout", type=float, default=120, help="CPU seconds for one engine MES+Add1 count")
    args = ap.parse_args()
    signal.signal(signal.SIGPROF, _alarm)
    start = time.perf_counter()
    # The instances with >= 5,000 ballots (the targets) first, so that the time budget never
    # shortens pabutools' limit on them; then the others, smallest first, while time is left.
    voters = {p: read(p).num_voters for p in SHARED.glob("*.pb")}
    files = sorted(voters, key=lambda p: (voters[p] < 5000, p.stat().st_size))
    ratios: list[float] = []
    summary: dict = {}
    print(f"{'instance':<48} {'voters':>7} {'parse':>6} " + " ".join(f"{r:>12}" for r in ENGINE_RULES)
          + f" {'pabu add1':>10} {'ratio':>8} {'greedy ratio':>12}")
    for path in files:
        inst = read(path)
        big = voters[path] >= 5000
        if args.quick and not big:
            continue
        parse, times = engine_times(path, args.engine_timeout)
        left = args.budget - (time.perf_counter() - start)
        pabu = ratio = gratio = ""
        cap = args.pabutools_timeout if big else args.small_timeout
        if big or left > 3 * cap:
            limit = max(1.0, min(cap, left / 3))
            pt, done = pabutools_time(path, "add1", limit)
            pabu = f"{'' if done else '>'}{pt:.1f}s"
            engine = times["mes+add1"]
            if engine is not None:
                r = pt / engine
                ratio = f"{'' if done else '>'}{r:.0f}x"
                if big:
                    ratios.append(r)
                    summary[f"ratio_{path.stem}"] = round(r, 1) if done else f">{r:.1f}"
            else:
                ratio = "?"
                if big:
                    summary[f"ratio_{path.stem}"] = f"unknown: engine > {args.engine_timeout:.0f}s"
            gt, gdone = pabutools_time(path, "greedy", min(limit, 60))
            gratio = f"{'' if gdone else '>'}{gt / max(times['greedy'], 1e-6):.0f}x"
        cells = " ".join(_cell(times[r]) for r in ENGINE_RULES)
        print(f"{path.name[:48]:<48} {inst.num_voters:>7} {parse:>5.2f}s {cells} {pabu:>10} {ratio:>8} {gratio:>12}",
              flush=True)
        if path.name == "Poland_Lodz_2022.pb":
            summary["lodz_2022_mes_add1_s"] = round(best_wall(path, ENGINE_RULES["mes+add1"]), 3)
            summary["lodz_2022_greedy_s"] = round(best_wall(path, ENGINE_RULES["greedy"]), 3)
    with tempfile.TemporaryDirectory() as tmp:
        gpath = Path(tmp) / "generated.pb"
        generated(gpath)
        parse, times = engine_times(gpath, args.engine_timeout)
        summary["generated_100k_mes_add1_s"] = round(best_wall(gpath, ENGINE_RULES["mes+add1"]), 3)
        summary["generated_100k_greedy_s"] = round(best_wall(gpath, ENGINE_RULES["greedy"]), 3)
        summary["generated_100k_mes_s"] = round(best_wall(gpath, ENGINE_RULES["mes"]), 3)
        print(f"generated 100,000 voters x 150 projects (CPU): parse {parse:.2f}s, "
              + ", ".join(f"{k} {_cell(v).strip()}" for k, v in times.items()))
    summary["ratio_median"] = round(statistics.median(ratios), 1) if ratios else None
    summary["ratio_min"] = round(min(ratios), 1) if ratios else None
    summary["ratios_are_lower_bounds_where_pabutools_timed_out"] = True
    summary["ratio_excludes_engine_timeouts"] = [k for k, v in summary.items() if str(v).startswith("unknown")]
    summary["total_s"] = round(time.perf_counter() - start, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
