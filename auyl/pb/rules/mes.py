"""Method of Equal Shares (MES): an exact reference and a fast engine that agrees with it.

Every voter starts with an endowment ``b``; a project is bought when its supporters can pay its
cost, each paying ``rho * u`` (``u`` = the voter's utility for it) or all they have left. Each
round the project with the smallest ``rho / w`` is bought (``w`` = cost for cost utilities, else
1). Utilities are represented so that ``rho`` is money per utility point: approval and cost
utilities both use ``u = 1`` and differ only in the selection key.

The fast engine (:class:`FastMES`) computes in floats to find candidates, then decides with exact
arithmetic: the price of every bought project is computed as an exact fraction from the set of
voters who pay their whole remaining budget, budgets are exact functions of those prices, and
near-ties (relative gap < ``TOL``) are settled with exact fractions. It also tracks every
quantity as an affine function of ``b`` and returns the smallest increase of ``b`` at which any
comparison in the run could change ("Streamlining Equal Shares", Kraiczy, Robinson & Elkind
2025): the Add1 completion jumps straight to that endowment instead of rerunning MES per unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from auyl.pb.model import ORDINAL_TYPE, POINT_TYPES, Instance

TOL = 1e-9
UTILITIES = ("cost", "approval", "points")


@dataclass
class Prepared:
    """The instance reduced to what MES needs, built once and reused for every endowment."""

    n: int
    budget: Fraction
    costs: list[Fraction]
    weights: list[Fraction]
    mult: list[int]
    ballots: list[list[tuple[int, int]]]
    supporters: list[list[tuple[int, int]]]
    available: list[int]
    free: list[int]
    ranks: list[int]
    utility: str
    m: np.ndarray = field(repr=False)  # multiplicity per group (int64)
    sg: list[np.ndarray] = field(repr=False)  # supporting groups per project
    su: list[np.ndarray] = field(repr=False)  # their (integer) utilities
    _dense: np.ndarray | None = field(default=None, repr=False)

    def dense(self) -> np.ndarray:
        """Utilities as a dense group × project int64 matrix, built on first use (exact sums)."""
        if self._dense is None:
            self._dense = np.zeros((len(self.mult), len(self.costs)), dtype=np.int64)
            for j, (g, u) in enumerate(zip(self.sg, self.su, strict=True)):
                self._dense[g, j] = u
        return self._dense


def prepare(instance: Instance, utility: str, allowed: list[bool], ranks: list[int]) -> Prepared:
    """Groups of identical ballots with integer utilities; ``allowed`` masks excluded projects."""
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}")
    if utility == "points" and instance.vote_type not in (*POINT_TYPES, ORDINAL_TYPE):
        utility_of = None  # approval ballots: a point per approved project
    else:
        utility_of = utility
    k = instance.max_rank_length()
    nproj = len(instance.projects)
    mult: list[int] = []
    ballots: list[list[tuple[int, int]]] = []
    supporters: list[list[tuple[int, int]]] = [[] for _ in range(nproj)]
    for ballot, m in instance.ballots.items():
        g = len(mult)
        row = []
        for pos, (j, pts) in enumerate(ballot):
            if not allowed[j] or pts <= 0:
                continue
            if utility_of == "points":
                u = k - pos if instance.vote_type == ORDINAL_TYPE else pts
                if Fraction(u).denominator != 1:
                    raise ValueError("MES with points needs integer points")
                u = int(u)
                if u <= 0:
                    continue
            else:
                u = 1
            row.append((j, u))
            supporters[j].append((g, u))
        mult.append(m)
        ballots.append(row)
    costs = [p.cost for p in instance.projects]
    weights = [c if utility == "cost" else Fraction(1) for c in costs]
    free = [j for j in range(nproj) if allowed[j] and supporters[j] and costs[j] == 0]
    available = [j for j in range(nproj) if allowed[j] and supporters[j] and costs[j] > 0]
    sg = [np.fromiter((g for g, _ in s), dtype=np.int64, count=len(s)) for s in supporters]
    su = [np.fromiter((u for _, u in s), dtype=np.int64, count=len(s)) for s in supporters]
    return Prepared(
        instance.num_voters, instance.budget, costs, weights, mult, ballots, supporters, available, free,
        ranks, utility, np.asarray(mult, dtype=np.int64), sg, su,
    )


@dataclass
class MESRun:
    """One MES run at endowment ``endowment``: bought projects in order with exact prices."""

    endowment: Fraction
    selected: list[int]
    rho: dict[int, Fraction]
    exhausted: set[int] = field(default_factory=set)
    next_change: float = math.inf  # increase of the endowment at which the outcome may change
    rounds: list[tuple[int, np.ndarray]] | None = field(default=None, repr=False)  # fast runs, see FastMES
    keys: list[tuple[float, float]] | None = field(default=None, repr=False)  # (winner, runner-up bound)

    def money_of(self, prep: Prepared, groups: np.ndarray) -> Fraction:
        """Exact money left, with multiplicities, of ``groups`` (vectorised :meth:`budget_of`)."""
        live = np.asarray([g for g in groups.tolist() if g not in self.exhausted], dtype=np.int64)
        if not len(live):
            return Fraction(0)
        paid = [j for j in self.selected if self.rho[j]]
        counts = prep.m[live] @ prep.dense()[np.ix_(live, paid)] if paid else []
        total = self.endowment * int(prep.m[live].sum())
        for j, c in zip(paid, np.asarray(counts).tolist(), strict=True):
            total -= self.rho[j] * c
        return total

    def total_cost(self, prep: Prepared) -> Fraction:
        return sum((prep.costs[j] for j in self.selected), Fraction(0))

    def budget_of(self, prep: Prepared, g: int) -> Fraction:
        """Exact money group ``g``'s voters have left (each)."""
        if g in self.exhausted:
            return Fraction(0)
        left = self.endowment
        for j, u in prep.ballots[g]:
            if j in self.rho:
                left -= self.rho[j] * u
        return left


def _afford_exact(cost: Fraction, sup: list[tuple[int, int]], mult: list[int], budgets: list[Fraction]):
    """Smallest rho with sum min(budget, rho*u) = cost over supporters; poor = those paying all."""
    order = sorted(sup, key=lambda gu: budgets[gu[0]] / gu[1])
    rem_cost = cost
    rem_u = sum(mult[g] * u for g, u in sup)
    for pos, (g, u) in enumerate(order):
        rho = rem_cost / rem_u
        if rho * u <= budgets[g]:
            return rho, [gg for gg, _ in order[:pos]]
        rem_cost -= mult[g] * budgets[g]
        rem_u -= mult[g] * u
    raise AssertionError("affordability called on an unaffordable project")


def mes_exact(prep: Prepared, endowment: Fraction) -> MESRun:
    """Reference MES in exact fractions (pabutools' semantics, ties by ``prep.ranks``)."""
    budgets = [Fraction(endowment)] * len(prep.mult)
    run = MESRun(Fraction(endowment), list(prep.free), {j: Fraction(0) for j in prep.free})
    run.next_change = 0.0  # unknown: a completion must try the next unit step
    alive = list(prep.available)
    while True:
        best = None
        for q in list(alive):
            sup = prep.supporters[q]
            if sum(prep.mult[g] * budgets[g] for g, _ in sup) < prep.costs[q]:
                alive.remove(q)
                continue
            rho, poor = _afford_exact(prep.costs[q], sup, prep.mult, budgets)
            key = (rho / prep.weights[q], prep.ranks[q])
            if best is None or key < best[0]:
                best = (key, q, rho, poor)
        if best is None:
            return run
        _, q, rho, poor = best
        alive.remove(q)
        run.selected.append(q)
        run.rho[q] = rho
        for g, u in prep.supporters[q]:
            budgets[g] -= min(budgets[g], rho * u)
        run.exhausted.update(poor)


class _Exact:
    """Exact prices of a fast run's rounds at endowment ``b``, computed only when asked for.

    A round is fully described by its project and the groups that paid all they had left, so
    each price is (cost - those groups' exact money) / (utility of the others): integer sums
    from numpy and one Fraction term per earlier round.
    """

    def __init__(self, prep: Prepared, b: Fraction, rounds: list[tuple[int, np.ndarray]]):
        self.prep, self.b, self.rounds = prep, b, rounds
        self.rho: list[Fraction] = []
        self.exh = np.zeros(len(prep.mult), dtype=bool)

    def upto(self, k: int) -> None:
        """Exact prices of the first ``k`` rounds (and the exhausted groups after them)."""
        prep = self.prep
        while len(self.rho) < k:
            q, newly = self.rounds[len(self.rho)]
            money = self._money_live(newly)
            self.exh[newly] = True
            g, u = prep.sg[q], prep.su[q]
            live = ~self.exh[g]
            self.rho.append((prep.costs[q] - money) / int(prep.m[g[live]] @ u[live]))

    def _money_live(self, live: np.ndarray) -> Fraction:
        if not len(live):
            return Fraction(0)
        total = self.b * int(self.prep.m[live].sum())
        qs = [q for q, _ in self.rounds[: len(self.rho)]]
        if qs:
            counts = self.prep.m[live] @ self.prep.dense()[np.ix_(live, qs)]
            for r, c in zip(self.rho, counts.tolist(), strict=True):
                if c:
                    total -= r * c
        return total

    def money(self, groups: np.ndarray) -> Fraction:
        """Exact money left now (after every recorded round) of ``groups``."""
        self.upto(len(self.rounds))
        return self._money_live(groups[~self.exh[groups]])

    def budget(self, g: int) -> Fraction:
        return self.money(np.asarray([g], dtype=np.int64)) / int(self.prep.m[g])


@dataclass
class _Fresh:
    q: int
    rho: float
    key0: float
    key1: float
    poor: np.ndarray  # positions in the project's supporter arrays
    near: np.ndarray  # positions whose poor/rich status is within TOL of the price


class FastMES:
    """Vectorised MES deciding exactly; see the module docstring.

    Float prices find the winner and who pays everything; exact fractions are computed only
    where a float comparison is within ``TOL`` (then for every earlier round too, lazily) and,
    by :meth:`finish`, for the run a completion returns.
    """

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.mf = prep.m.astype(np.float64)
        self.sg = prep.sg
        self.su = [u.astype(np.float64) for u in prep.su]
        self.smf = [self.mf[g] for g in self.sg]
        self.smu = [m * u for m, u in zip(self.smf, self.su, strict=True)]
        self.mu_tot = [int(prep.m[g] @ u) for g, u in zip(self.sg, prep.su, strict=True)]
        self.costf = np.array([float(c) for c in prep.costs])
        self.wf = np.array([float(w) for w in prep.weights])

    def finish(self, run: MESRun) -> MESRun:
        """Fill in the exact prices and exhausted groups of a run returned by :meth:`run`."""
        if run.rounds is not None:
            ex = _Exact(self.prep, run.endowment, run.rounds)
            ex.upto(len(run.rounds))
            run.rho.update({q: r for (q, _), r in zip(run.rounds, ex.rho, strict=True)})
            run.exhausted = set(np.flatnonzero(ex.exh).tolist())
        return run

    # ---- exact decisions -----------------------------------------------------------------
    def _rho_exact(self, f: _Fresh) -> tuple[Fraction, np.ndarray]:
        """Exact price of ``f.q`` and its exact set of paying-everything supporters."""
        q = f.q
        g, u = self.sg[q], self.prep.su[q]
        if not len(f.near):  # every supporter's status is clear: the float split is the exact one
            u_rich = self.mu_tot[q] - int(self.prep.m[g[f.poor]] @ u[f.poor])
            return (self.prep.costs[q] - self.ex.money(g[f.poor])) / u_rich, f.poor
        cand = f.near
        certain = np.setdiff1d(f.poor, f.near)
        ratios = sorted((self.ex.budget(int(g[p])) / int(u[p]), int(p)) for p in cand)
        for j in range(len(ratios) + 1):
            poor = np.concatenate([certain, np.asarray([p for _, p in ratios[:j]], dtype=np.int64)])
            u_rich = self.mu_tot[q] - int(self.prep.m[g[poor]] @ u[poor])
            if u_rich == 0:
                break
            rho = (self.prep.costs[q] - self.ex.money(g[poor])) / u_rich
            if j == len(ratios) or rho <= ratios[j][0]:
                return rho, poor
        raise AssertionError("no exact price found")

    # ---- float machinery -----------------------------------------------------------------
    def _fresh(self, q: int, lower: float) -> _Fresh | None:
        """Float price of ``q`` now, or None if its supporters cannot pay (decided exactly).

        The price is the fixed point of "those who cannot pay it pay all they have": starting
        from a lower bound it rises monotonically; a few masked sums usually reach it, a sort
        settles the rare case that needs many steps.
        """
        g, u, mm, mu = self.sg[q], self.su[q], self.smf[q], self.smu[q]
        bet = self.beta[g]
        mb = mm * bet
        tot = float(mb.sum())
        cost = self.costf[q]
        if tot < cost * (1 + TOL):
            if tot < cost * (1 - TOL) or self.ex.money(g) < self.prep.costs[q]:
                slope = float(mm @ self.c[g])
                if slope > 0:
                    self.t_break = min(self.t_break, max(cost - tot, 0.0) / slope)
                return None
        rho = max(lower * (1 - 4 * TOL), cost / self.mu_tot[q])  # below the price despite rounding
        is_poor = bet < rho * u
        for _ in range(8):
            u_rich = self.mu_tot[q] - float(mu[is_poor].sum())
            if u_rich <= 0:
                break
            rho = (cost - float(mb[is_poor].sum())) / u_rich
            now_poor = bet < rho * u
            if not (now_poor ^ is_poor).any():
                break
            is_poor = now_poor
        else:
            u_rich = 0.0
        if u_rich <= 0:
            rho, is_poor = self._sorted_price(q, bet, mb, mu, cost)
        poor = np.flatnonzero(is_poor)
        u_rich = self.mu_tot[q] - float(mu[is_poor].sum())
        cg = self.c[g]
        rho1 = -float(mm[is_poor] @ cg[is_poor]) / u_rich
        d0 = bet - rho * u
        s = cg - rho1 * u
        t = np.where(is_poor, np.where(s > 0, -d0 / s, np.inf), np.where(s < 0, d0 / -s, np.inf))
        if len(t):
            self.t_break = min(self.t_break, max(float(t.min()), 0.0))
        near = np.flatnonzero(np.abs(d0) <= TOL * (rho * u + np.abs(bet) + 1e-300))
        w = self.wf[q]
        return _Fresh(q, rho, rho / w, rho1 / w, poor, near)

    def _sorted_price(self, q: int, bet, mb, mu, cost: float) -> tuple[float, np.ndarray]:
        r = bet / self.su[q]
        order = np.argsort(r, kind="stable")
        cb = np.cumsum(mb[order]) - mb[order]
        ru = self.mu_tot[q] - (np.cumsum(mu[order]) - mu[order])
        rho_k = (cost - cb) / ru
        ok = rho_k <= r[order]
        k = int(np.argmax(ok)) if ok.any() else len(order) - 1
        is_poor = np.zeros(len(order), dtype=bool)
        is_poor[order[:k]] = True
        return float(rho_k[k]), is_poor

    def run(self, endowment: Fraction) -> MESRun:
        """MES at ``endowment``; exact prices are left to :meth:`finish`."""
        with np.errstate(divide="ignore", invalid="ignore"):  # inf/nan breakpoints are masked out
            return self._run(endowment)

    def _run(self, endowment: Fraction) -> MESRun:
        prep = self.prep
        G = len(prep.mult)
        b = Fraction(endowment)
        self.beta = np.full(G, float(b))
        self.c = np.ones(G)
        self.exh = np.zeros(G, dtype=bool)
        self.t_break = math.inf
        rounds: list[tuple[int, np.ndarray]] = []
        self.ex = _Exact(prep, b, rounds)
        run = MESRun(b, list(prep.free), {j: Fraction(0) for j in prep.free}, rounds=rounds, keys=[])
        alive = np.asarray(prep.available, dtype=np.int64)
        lb0 = np.zeros(len(prep.costs))
        lb1 = np.zeros(len(prep.costs))
        for q in alive:
            lb0[q] = self.costf[q] / self.mu_tot[q] / self.wf[q]
        while len(alive):
            alive = alive[np.argsort(lb0[alive], kind="stable")]
            best_key = math.inf
            fresh: list[_Fresh] = []
            dead: list[int] = []
            for q in alive.tolist():
                if lb0[q] > best_key * (1 + TOL):
                    break
                f = self._fresh(q, lb0[q] * self.wf[q])
                if f is None:
                    dead.append(q)
                    continue
                lb0[q], lb1[q] = f.key0, f.key1
                fresh.append(f)
                best_key = min(best_key, f.key0)
            if dead:
                alive = np.asarray([q for q in alive.tolist() if q not in dead], dtype=np.int64)
            if not fresh:
                break
            win, poor = self._decide(fresh, best_key)
            alive = alive[alive != win.q]
            run.keys.append((win.key0, float(lb0[alive].min()) if len(alive) else math.inf))
            self._crossings(win, alive, lb0, lb1)
            rounds.append((win.q, self._pay(win, poor)))
            run.selected.append(win.q)
        run.next_change = self.t_break
        return run

    def _decide(self, fresh: list[_Fresh], best_key: float) -> tuple[_Fresh, np.ndarray]:
        """Winner of the round and its paying-everything supporters, exact where floats are close."""
        near = [f for f in fresh if f.key0 <= best_key * (1 + TOL)]
        if len(near) == 1 and not len(near[0].near):
            return near[0], near[0].poor
        scored = []
        for f in near:
            rho, poor = self._rho_exact(f)
            scored.append(((rho / self.prep.weights[f.q], self.prep.ranks[f.q]), f, poor, rho))
        scored.sort(key=lambda x: x[0])
        _, f, poor, rho = scored[0]
        f.rho = float(rho)
        return f, poor

    def _crossings(self, win: _Fresh, alive: np.ndarray, lb0: np.ndarray, lb1: np.ndarray) -> None:
        """Smallest endowment increase at which another project's key could undercut the winner's."""
        if not len(alive):
            return
        d0 = np.maximum(lb0[alive] - win.key0, 0.0)
        ds = lb1[alive] - win.key1
        t = np.where(ds < 0, d0 / -ds, np.inf)
        self.t_break = min(self.t_break, float(t.min()))

    def _pay(self, win: _Fresh, poor: np.ndarray) -> np.ndarray:
        """Charge the winner's supporters; returns the groups it exhausts."""
        q = win.q
        g, u = self.sg[q], self.su[q]
        rich = np.ones(len(g), dtype=bool)
        rich[poor] = False
        rho1 = win.key1 * self.wf[q]
        gr, ur = g[rich], u[rich]
        self.beta[gr] = np.maximum(self.beta[gr] - win.rho * ur, 0.0)
        self.c[gr] -= rho1 * ur
        gp = g[poor]
        newly = gp[~self.exh[gp]]
        self.beta[gp] = 0.0
        self.c[gp] = 0.0
        self.exh[gp] = True
        return newly
