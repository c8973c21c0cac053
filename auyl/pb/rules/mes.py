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
import operator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import chain

import numpy as np

from auyl.pb.model import ORDINAL_TYPE, POINT_TYPES, Instance

TOL = 1e-9
UTILITIES = ("cost", "approval", "points")


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Float dot product; long ones without BLAS: a multithreaded BLAS on a busy machine makes
    one 18,000-element product take milliseconds instead of microseconds."""
    return float(a @ b) if len(a) < 4096 else float(np.einsum("i,i->", a, b))


@dataclass
class Prepared:
    """The instance reduced to what MES needs, built once and reused for every endowment.

    Groups are the distinct ballots (``m``: how many voters cast each). Per project, ``sg`` and
    ``su`` list its supporting groups and their integer utilities; the per-group and per-project
    Python lists the exact engine and the explanations use are built from them on first use.
    """

    n: int
    budget: Fraction
    costs: list[Fraction]
    weights: list[Fraction]
    available: list[int]
    free: list[int]
    ranks: list[int]
    utility: str
    m: np.ndarray = field(repr=False)  # multiplicity per group (int64)
    sg: list[np.ndarray] = field(repr=False)  # supporting groups per project
    su: list[np.ndarray] = field(repr=False)  # their (integer) utilities

    @cached_property
    def mult(self) -> list[int]:
        return self.m.tolist()

    @cached_property
    def supporters(self) -> list[list[tuple[int, int]]]:
        """Per project: (group, utility) pairs."""
        return [list(zip(g.tolist(), u.tolist(), strict=True)) for g, u in zip(self.sg, self.su, strict=True)]

    @cached_property
    def ballots(self) -> list[list[tuple[int, int]]]:
        """Per group: (project, utility) pairs of its admitted projects."""
        rows: list[list[tuple[int, int]]] = [[] for _ in range(len(self.m))]
        for j, (g, u) in enumerate(zip(self.sg, self.su, strict=True)):
            for gg, uu in zip(g.tolist(), u.tolist(), strict=True):
                rows[gg].append((j, uu))
        return rows

    @cached_property
    def weighted(self) -> list[np.ndarray]:
        """Per project: multiplicity × utility of each supporting group (exact integer sums)."""
        return [self.m[g] * u for g, u in zip(self.sg, self.su, strict=True)]

    def utility_counts(self, groups: np.ndarray, projects: list[int]) -> list[int]:
        """For each project: the sum of multiplicity × utility over its supporters in ``groups``."""
        if len(groups) <= 64:  # a few groups: look each up in each project's sorted supporters
            out = []
            for j in projects:
                sg = self.sg[j]
                at = np.minimum(np.searchsorted(sg, groups), len(sg) - 1)
                out.append(int(self.weighted[j][at[sg[at] == groups]].sum()) if len(sg) else 0)
            return out
        mask = np.zeros(len(self.m), dtype=bool)
        mask[groups] = True
        return [int(self.weighted[j][mask[self.sg[j]]].sum()) for j in projects]


def _utilities(instance: Instance, utility: str, pairs: list[tuple[int, Fraction]], pos: np.ndarray) -> np.ndarray:
    """Integer utility of every (project, points) pair of the flattened ballots; 0 = none."""
    pts_positive = np.fromiter((p > 0 for _, p in pairs), dtype=bool, count=len(pairs))
    if utility != "points" or instance.vote_type not in (*POINT_TYPES, ORDINAL_TYPE):
        return pts_positive.astype(np.int64)  # approval ballots give a point per approved project
    if instance.vote_type == ORDINAL_TYPE:
        return np.where(pts_positive, instance.max_rank_length() - pos, 0).clip(min=0)
    if any(Fraction(p).denominator != 1 for _, p in pairs):
        raise ValueError("MES with points needs integer points")
    return np.where(pts_positive, np.fromiter((int(p) for _, p in pairs), dtype=np.int64, count=len(pairs)), 0)


def prepare(instance: Instance, utility: str, allowed: list[bool], ranks: list[int]) -> Prepared:
    """Groups of identical ballots with integer utilities; ``allowed`` masks excluded projects."""
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}")
    keys = list(instance.ballots)
    nproj, ngroups = len(instance.projects), len(keys)
    m = np.fromiter(instance.ballots.values(), dtype=np.int64, count=ngroups)
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=ngroups)
    pairs = list(chain.from_iterable(keys))
    js = np.fromiter((j for j, _ in pairs), dtype=np.int64, count=len(pairs))
    groups = np.repeat(np.arange(ngroups, dtype=np.int64), lens)
    pos = np.arange(len(pairs), dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
    u = _utilities(instance, utility, pairs, pos)
    keep = (u > 0) & np.asarray(allowed, dtype=bool)[js] if len(pairs) else u > 0
    js, groups, u = js[keep], groups[keep], u[keep]
    order = np.argsort(js, kind="stable")  # by project, groups ascending within each
    bounds = np.cumsum(np.bincount(js, minlength=nproj))[:-1]
    sg = np.split(groups[order], bounds)
    su = np.split(u[order], bounds)
    costs = [p.cost for p in instance.projects]
    weights = [c if utility == "cost" else Fraction(1) for c in costs]
    free = [j for j in range(nproj) if len(sg[j]) and costs[j] == 0]
    available = [j for j in range(nproj) if len(sg[j]) and costs[j] > 0]
    return Prepared(instance.num_voters, instance.budget, costs, weights, available, free, ranks, utility, m, sg, su)


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

    def money_of(self, prep: Prepared, group_sets: list[np.ndarray]) -> list[Fraction]:
        """Exact money left, with multiplicities, of each set of groups (vectorised :meth:`budget_of`).

        One group × paid-project matrix of multiplicity × utility turns each set's payments
        into one row sum (integers), then one Fraction term per paid project.
        """
        paid = [j for j in self.selected if self.rho[j]]
        spent = np.zeros((len(prep.m), len(paid)), dtype=np.int64)
        for col, j in enumerate(paid):
            spent[prep.sg[j], col] = prep.weighted[j]
        exhausted = np.zeros(len(prep.m), dtype=bool)
        exhausted[list(self.exhausted)] = True
        # Integers over one common denominator: a Fraction per term would reduce every step.
        den = math.lcm(self.endowment.denominator, *(self.rho[j].denominator for j in paid))
        share = self.endowment.numerator * (den // self.endowment.denominator)
        prices = [self.rho[j].numerator * (den // self.rho[j].denominator) for j in paid]
        out = []
        for groups in group_sets:
            live = groups[~exhausted[groups]]
            counts = spent[live].sum(axis=0).tolist()
            out.append(Fraction(share * int(prep.m[live].sum()) - sum(map(operator.mul, counts, prices)), den))
        return out

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
        for r, c in zip(self.rho, self.prep.utility_counts(live, qs), strict=True):
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
    """A project's float price this round; what only a close call or the winner needs is lazy."""

    q: int
    rho: float
    rho1: float  # slope of the price in the endowment
    key0: float
    key1: float
    poor: np.ndarray  # positions (in the project's supporter arrays) of those paying all they have
    bet: np.ndarray  # supporters' budgets now (floats)
    ru: np.ndarray | float  # rho * utility per supporter (a scalar when every utility is 1)
    _near: np.ndarray | None = field(default=None, repr=False)

    def near(self) -> np.ndarray:
        """Positions whose poor/rich status is within ``TOL`` of the price: decide those exactly."""
        if self._near is None:
            gap = np.abs(self.bet - self.ru)
            self._near = (gap <= TOL * (self.ru + np.abs(self.bet) + 1e-300)).nonzero()[0]
        return self._near

    def flip(self, cg: np.ndarray, u: np.ndarray | float) -> float:
        """Smallest endowment increase at which some supporter's poor/rich status could change
        (``cg``: the supporters' budget slopes in the endowment). A supporter's budget minus its
        share, ``d0 + s·t``, changes sign at ``t = -d0 / s`` when that is positive; those exactly
        at the price (``d0 = 0``) count as changing at once."""
        if not len(self.bet):
            return math.inf
        s = cg - self.rho1 * u
        t = np.subtract(self.ru, self.bet)
        t /= s
        t = t[t >= 0]
        return float(t.min()) if len(t) else math.inf


@dataclass
class _Round:
    """What a later run needs to replay a round: winner, who paid all, price and slope, keys and
    the rivals' tangent bounds after it, and the endowment up to which all this holds."""

    q: int
    poor: np.ndarray
    rho: float
    rho1: float
    key0: float
    key1: float
    lb0: np.ndarray
    lb1: np.ndarray
    alive: np.ndarray
    horizon: float


class FastMES:
    """Vectorised MES deciding exactly; see the module docstring.

    Float prices find the winner and who pays everything; exact fractions are computed only
    where a float comparison is within ``TOL`` (then for every earlier round too, lazily) and,
    by :meth:`finish`, for the run a completion returns.
    """

    def __init__(self, prep: Prepared, replay: bool = True):
        self.prep = prep
        self.replay = replay  # off only to check the replay against runs from scratch
        self.mf = prep.m.astype(np.float64)
        self.sg = prep.sg
        self.su = [u.astype(np.float64) for u in prep.su]
        self.smf = [self.mf[g] for g in self.sg]
        self.smu = [m * u for m, u in zip(self.smf, self.su, strict=True)]
        self.mu_tot = [int(prep.m[g] @ u) for g, u in zip(self.sg, prep.su, strict=True)]
        self._traces: list[tuple[float, list[_Round]]] = []  # the last runs' rounds, for _replay
        self.voters = np.array([float(m.sum()) for m in self.smf])  # supporters per project
        self.unit = [bool((u == 1).all()) for u in prep.su]  # cost and approval utilities: no products
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
        cand, poor = f.near(), f.poor
        if not len(cand):  # every supporter's status is clear: the float split is the exact one
            u_rich = self.mu_tot[q] - int(self.prep.m[g[poor]] @ u[poor])
            return (self.prep.costs[q] - self.ex.money(g[poor])) / u_rich, poor
        certain = np.setdiff1d(poor, cand)
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
        from a lower bound it rises monotonically, so the set of those paying everything only
        grows; a few passes usually reach it, a sort settles the rare case that needs many.
        """
        g, mm, mu = self.sg[q], self.smf[q], self.smu[q]
        u = 1.0 if self.unit[q] else self.su[q]
        bet = self.beta[g]
        tot = _dot(mm, bet)
        cost = self.costf[q]
        if tot < cost * (1 + TOL):
            if tot < cost * (1 - TOL) or self.ex.money(g) < self.prep.costs[q]:
                slope = _dot(mm, self.c[g])
                if slope > 0:
                    self.t_break = min(self.t_break, max(cost - tot, 0.0) / slope)
                return None
        rho = max(lower * (1 - 4 * TOL), cost / self.mu_tot[q])  # below the price despite rounding
        poor = (bet < rho * u).nonzero()[0]
        for _ in range(8):
            u_rich = self.mu_tot[q] - float(mu[poor].sum())
            if u_rich <= 0:
                break
            rho = (cost - _dot(mm[poor], bet[poor])) / u_rich
            now_poor = (bet < rho * u).nonzero()[0]
            if len(now_poor) == len(poor):  # nested sets of equal size: the fixed point
                break
            poor = now_poor
        else:
            u_rich = 0.0
        if u_rich <= 0:
            rho, poor = self._sorted_price(q, bet, mu, cost)
            u_rich = self.mu_tot[q] - float(mu[poor].sum())
        rho1 = -_dot(mm[poor], self.c[g[poor]]) / u_rich
        w = self.wf[q]
        return _Fresh(q, rho, rho1, rho / w, rho1 / w, poor, bet, rho * u)

    def _sorted_price(self, q: int, bet: np.ndarray, mu: np.ndarray, cost: float) -> tuple[float, np.ndarray]:
        r = bet / self.su[q]
        order = np.argsort(r, kind="stable")
        mb = (self.smf[q] * bet)[order]
        cb = np.cumsum(mb) - mb
        ru = self.mu_tot[q] - (np.cumsum(mu[order]) - mu[order])
        rho_k = (cost - cb) / ru
        ok = rho_k <= r[order]
        k = int(np.argmax(ok)) if ok.any() else len(order) - 1
        return float(rho_k[k]), np.sort(order[:k])

    def run(self, endowment: Fraction, thresholds: list[float] | None = None) -> MESRun:
        """MES at ``endowment``; exact prices are left to :meth:`finish`.

        ``thresholds`` (a key per round) makes each round also re-price every rival whose lower
        bound is below that round's threshold, so ``keys`` holds runner-up bounds good enough
        to bracket a stretch of endowments (``completion.bracketed``) against another run.
        """
        with np.errstate(divide="ignore", invalid="ignore"):  # inf/nan breakpoints are masked out
            return self._run(endowment, thresholds or [])

    def _run(self, endowment: Fraction, thresholds: list[float]) -> MESRun:
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
        trace: list[_Round] = []
        alive = np.asarray(prep.available, dtype=np.int64)
        # Projects whose supporters could not pay even with the whole endowment are out at once;
        # each becomes affordable when the endowment reaches cost / supporters.
        broke = self.voters[alive] * float(b) < self.costf[alive] * (1 - TOL)
        if broke.any():
            self.t_break = float((self.costf[alive[broke]] / self.voters[alive[broke]]).min() - float(b))
            alive = alive[~broke]
        lb0 = np.zeros(len(prep.costs))
        lb1 = np.zeros(len(prep.costs))
        for q in alive.tolist():
            lb0[q] = self.costf[q] / self.mu_tot[q] / self.wf[q]
        alive, lb0, lb1 = self._replay(b, run, trace, alive, lb0, lb1)
        while len(alive):
            alive = alive[np.argsort(lb0[alive], kind="stable")]
            best_key = math.inf
            fresh: list[_Fresh] = []
            dead: list[int] = []
            threshold = thresholds[len(rounds)] * (1 + 4 * TOL) if len(rounds) < len(thresholds) else 0.0
            for q in alive.tolist():
                if lb0[q] > max(best_key * (1 + TOL), threshold):
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
            # Only the winner's supporters' status matters for later rounds; a rival's key is
            # convex in the endowment, so its tangent (``key1``) bounds it below: see _crossings.
            # A close call decided exactly may have moved a supporter across: re-run next unit.
            u = 1.0 if self.unit[win.q] else self.su[win.q]
            self.t_break = min(self.t_break, 0.0 if len(win.near()) else win.flip(self.c[self.sg[win.q]], u))
            alive = alive[alive != win.q]
            run.keys.append((win.key0, float(lb0[alive].min()) if len(alive) else math.inf))
            self._crossings(win, alive, lb0, lb1)
            rounds.append((win.q, self._pay(win.q, win.rho, win.rho1, poor)))
            run.selected.append(win.q)
            trace.append(_Round(win.q, poor, win.rho, win.rho1, win.key0, win.key1, lb0.copy(), lb1.copy(), alive,
                                float(b) + self.t_break))
        run.next_change = self.t_break
        if self.replay:
            self._traces = [*self._traces[-1:], (float(b), trace)]
        return run

    def _replay(self, b: Fraction, run: MESRun, trace: list[_Round], alive: np.ndarray, lb0: np.ndarray,
                lb1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Redo, without pricing anything, the first rounds of a recent run at a lower endowment
        that are certain to be the same here.

        Until its breakpoint every round keeps its winner and the supporters who pay all they
        have, and prices are affine in the endowment ("Streamlining Equal Shares"): a round
        whose breakpoint (and every earlier one's) lies beyond ``b`` is replayed from its price
        and slope; rivals keep their tangent lower bounds.
        """
        bf = float(b)
        sources = [(b0, tr) for b0, tr in self._traces if b0 <= bf]
        if not sources:
            return alive, lb0, lb1
        b0, source = max(sources, key=lambda x: x[0])
        d = bf - b0
        for r in source:
            if not r.horizon - bf > 1e-7 * (1.0 + r.horizon - b0):  # the margin Add1's steps keep
                break
            rho = r.rho + r.rho1 * d
            key0 = r.key0 + r.key1 * d
            lb0, lb1, alive = r.lb0 + r.lb1 * d, r.lb1, r.alive
            run.keys.append((key0, float(lb0[alive].min()) if len(alive) else math.inf))
            run.rounds.append((r.q, self._pay(r.q, rho, r.rho1, r.poor)))
            run.selected.append(r.q)
            trace.append(_Round(r.q, r.poor, rho, r.rho1, key0, r.key1, lb0, lb1, alive, r.horizon))
            self.t_break = r.horizon - bf
        if trace:
            lb0 = lb0.copy()
        return alive, lb0, lb1.copy()

    def _decide(self, fresh: list[_Fresh], best_key: float) -> tuple[_Fresh, np.ndarray]:
        """Winner of the round and its paying-everything supporters, exact where floats are close."""
        near = [f for f in fresh if f.key0 <= best_key * (1 + TOL)]
        if len(near) == 1 and not len(near[0].near()):
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

    def _pay(self, q: int, rho: float, rho1: float, poor: np.ndarray) -> np.ndarray:
        """Charge ``q``'s supporters ``rho`` per utility (``poor``: those paying all they have);
        returns the groups it exhausts."""
        g = self.sg[q]
        u = 1.0 if self.unit[q] else self.su[q]
        left = self.beta[g] - rho * u
        np.maximum(left, 0.0, out=left)
        self.beta[g] = left
        self.c[g] -= rho1 * u
        gp = g[poor]
        newly = gp[~self.exh[gp]]
        self.beta[gp] = 0.0
        self.c[gp] = 0.0
        self.exh[gp] = True
        return newly
