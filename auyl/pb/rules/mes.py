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
    return Prepared(
        instance.num_voters, instance.budget, costs, weights, mult, ballots, supporters, available, free,
        ranks, utility,
    )


@dataclass
class MESRun:
    """One MES run at endowment ``endowment``: bought projects in order with exact prices."""

    endowment: Fraction
    selected: list[int]
    rho: dict[int, Fraction]
    exhausted: set[int] = field(default_factory=set)
    next_change: float = math.inf  # increase of the endowment at which the outcome may change

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


@dataclass
class _Fresh:
    q: int
    rho: float
    key0: float
    key1: float
    poor: np.ndarray  # positions in the project's supporter arrays
    near: np.ndarray  # positions whose poor/rich status is within TOL of the price


class FastMES:
    """Vectorised MES deciding exactly; see the module docstring."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        G = len(prep.mult)
        P = len(prep.costs)
        self.m = np.asarray(prep.mult, dtype=np.int64)
        self.mf = self.m.astype(np.float64)
        self.sg = [np.asarray([g for g, _ in s], dtype=np.int64) for s in prep.supporters]
        self.su_i = [np.asarray([u for _, u in s], dtype=np.int64) for s in prep.supporters]
        self.su = [a.astype(np.float64) for a in self.su_i]
        self.smf = [self.mf[g] for g in self.sg]
        self.mu_tot = [int((self.m[g] * u).sum()) for g, u in zip(self.sg, self.su_i, strict=True)]
        self.costf = np.array([float(c) for c in prep.costs])
        self.wf = np.array([float(w) for w in prep.weights])
        maxu = max((int(u.max()) for u in self.su_i if len(u)), default=1)
        self.U = np.zeros((G, P), dtype=np.int16 if maxu < 2**15 else np.int64)
        for j, (g, u) in enumerate(zip(self.sg, self.su_i, strict=True)):
            self.U[g, j] = u
        rank = np.asarray(prep.ranks, dtype=np.int64)
        self.rank = rank

    # ---- exact helpers -------------------------------------------------------------------
    def _money(self, groups: np.ndarray) -> Fraction:
        """Exact total money left (with multiplicities) of ``groups``."""
        live = groups[~self.exh[groups]]
        if len(live) == 0:
            return Fraction(0)
        total = self.b * int(self.m[live].sum())
        if self.sel_arr:
            n = self.m[live] @ self.U[np.ix_(live, self.sel_arr)].astype(np.int64)
            for j, c in zip(self.sel_arr, n.tolist(), strict=True):
                if c:
                    total -= self.rho_exact[j] * c
        return total

    def _budget_exact(self, g: int) -> Fraction:
        if self.exh[g]:
            return Fraction(0)
        left = self.b
        for j in self.sel_arr:
            u = int(self.U[g, j])
            if u:
                left -= self.rho_exact[j] * u
        return left

    def _rho_from_poor(self, q: int, poor_pos: np.ndarray) -> Fraction:
        g = self.sg[q][poor_pos]
        u_rich = self.mu_tot[q] - int((self.m[g] * self.su_i[q][poor_pos]).sum())
        return (self.prep.costs[q] - self._money(g)) / u_rich

    def _rho_exact(self, f: _Fresh) -> tuple[Fraction, np.ndarray]:
        """Exact price of ``f.q`` and its exact set of paying-everything supporters."""
        q = f.q
        if len(f.near) == 0:
            rho = self._rho_from_poor(q, f.poor)
            if abs(float(rho) - f.rho) <= 1e-6 * max(f.rho, 1e-300):
                return rho, f.poor
        g, u = self.sg[q], self.su_i[q]
        if len(f.near) == 0 or len(f.near) > 2000:
            cand = np.arange(len(g))
            certain = np.zeros(0, dtype=np.int64)
        else:
            cand = f.near
            certain = np.setdiff1d(f.poor, f.near)
        ratios = sorted((self._budget_exact(int(g[p])) / int(u[p]), int(p)) for p in cand)
        for j in range(len(ratios) + 1):
            poor = np.concatenate([certain, np.asarray([p for _, p in ratios[:j]], dtype=np.int64)])
            if self._u_rich_int(q, poor) == 0:
                break
            rho = self._rho_from_poor(q, poor)
            if j == len(ratios) or rho <= ratios[j][0]:
                return rho, poor
        raise AssertionError("no exact price found")

    def _u_rich_int(self, q: int, poor: np.ndarray) -> int:
        return self.mu_tot[q] - int((self.m[self.sg[q][poor]] * self.su_i[q][poor]).sum())

    # ---- float machinery -----------------------------------------------------------------
    def _fresh(self, q: int) -> _Fresh | None:
        """Float price of ``q`` now, or None if its supporters cannot pay (decided exactly)."""
        g, u, mm = self.sg[q], self.su[q], self.smf[q]
        bet = self.beta[g]
        tot = float(mm @ bet)
        cost = self.costf[q]
        if tot < cost * (1 + TOL):
            if tot < cost * (1 - TOL) or self._money(g) < self.prep.costs[q]:
                slope = float(mm @ self.c[g])
                if slope > 0:
                    self.t_break = min(self.t_break, max(cost - tot, 0.0) / slope)
                return None
        r = bet / u
        order = np.argsort(r, kind="stable")
        mb = (mm * bet)[order]
        mu = (mm * u)[order]
        cb = np.cumsum(mb) - mb
        ru = self.mu_tot[q] - (np.cumsum(mu) - mu)
        with np.errstate(divide="ignore", invalid="ignore"):
            rho_k = (cost - cb) / ru
        ok = rho_k <= r[order]
        k = int(np.argmax(ok)) if ok.any() else len(order) - 1
        rho = float(rho_k[k])
        poor = order[:k]
        cg = self.c[g]
        rho1 = -float(mm[poor] @ cg[poor]) / float(ru[k])
        d0 = bet - rho * u
        s = cg - rho1 * u
        is_poor = np.zeros(len(g), dtype=bool)
        is_poor[poor] = True
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(is_poor, np.where(s > 0, -d0 / s, np.inf), np.where(s < 0, d0 / -s, np.inf))
        if len(t):
            self.t_break = min(self.t_break, max(float(t.min()), 0.0))
        near = np.flatnonzero(np.abs(d0) <= TOL * (rho * u + np.abs(bet) + 1e-300))
        w = self.wf[q]
        return _Fresh(q, rho, rho / w, rho1 / w, poor, near)

    def run(self, endowment: Fraction) -> MESRun:
        prep = self.prep
        G = len(prep.mult)
        self.b = Fraction(endowment)
        bf = float(self.b)
        self.beta = np.full(G, bf)
        self.c = np.ones(G)
        self.exh = np.zeros(G, dtype=bool)
        self.sel_arr: list[int] = []
        self.rho_exact: dict[int, Fraction] = {}
        self.t_break = math.inf
        run = MESRun(self.b, list(prep.free), {j: Fraction(0) for j in prep.free})
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
                f = self._fresh(q)
                if f is None:
                    dead.append(q)
                    continue
                lb0[q], lb1[q] = f.key0, f.key1
                fresh.append(f)
                best_key = min(best_key, f.key0)
            if dead:
                alive = alive[~np.isin(alive, dead)]
            if not fresh:
                break
            win, rho, poor = self._decide(fresh, best_key)
            alive = alive[alive != win.q]
            self._crossings(win, alive, lb0, lb1)
            self._pay(win, rho, poor)
            run.selected.append(win.q)
            run.rho[win.q] = rho
        run.exhausted = set(np.flatnonzero(self.exh).tolist())
        run.next_change = self.t_break
        return run

    def _decide(self, fresh: list[_Fresh], best_key: float) -> tuple[_Fresh, Fraction, np.ndarray]:
        """Winner of the round: exact comparison among the near-tied candidates."""
        near = [f for f in fresh if f.key0 <= best_key * (1 + TOL)]
        scored = []
        for f in near:
            rho, poor = self._rho_exact(f)
            scored.append(((rho / self.prep.weights[f.q], self.prep.ranks[f.q]), f, rho, poor))
        scored.sort(key=lambda x: x[0])
        _, f, rho, poor = scored[0]
        return f, rho, poor

    def _crossings(self, win: _Fresh, alive: np.ndarray, lb0: np.ndarray, lb1: np.ndarray) -> None:
        """Smallest endowment increase at which another project's key could undercut the winner's."""
        if not len(alive):
            return
        d0 = np.maximum(lb0[alive] - win.key0, 0.0)
        ds = lb1[alive] - win.key1
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(ds < 0, d0 / -ds, np.inf)
        self.t_break = min(self.t_break, float(t.min()))

    def _pay(self, win: _Fresh, rho: Fraction, poor: np.ndarray) -> None:
        q = win.q
        g, u = self.sg[q], self.su[q]
        rich = np.ones(len(g), dtype=bool)
        rich[poor] = False
        rf = float(rho)
        rho1 = win.key1 * self.wf[q]
        gr, ur = g[rich], u[rich]
        self.beta[gr] = np.maximum(self.beta[gr] - rf * ur, 0.0)
        self.c[gr] -= rho1 * ur
        gp = g[poor]
        self.beta[gp] = 0.0
        self.c[gp] = 0.0
        self.exh[gp] = True
        self.sel_arr.append(q)
        self.rho_exact[q] = rho
