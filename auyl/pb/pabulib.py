"""Streaming, tolerant reader and a writer for the Pabulib ``.pb`` format.

Real files have quirks (BOM, CRLF, extra columns, empty votes, ``,`` decimals, a project listed
twice in one ballot); they are accepted. Anything that would change the count silently (unknown
project, unparsable number, missing section) raises :class:`PabulibError` naming the line.

META and PROJECTS go through :mod:`csv`. VOTES, nearly the whole file, is read in batches of
lines: a batch without quotes is split with ``str.split`` and its raw ``vote``/``points`` strings
are counted in a dict, so each distinct ballot is parsed once (Łódź 2022: 90,494 rows, about a
quarter distinct). A quote, a blank row or a section title sends the rest through the per-row
:mod:`csv` path, which gives the same result.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from fractions import Fraction
from itertools import chain, islice
from pathlib import Path
from typing import TextIO

from auyl.pb.model import APPROVAL_TYPES, ORDINAL_TYPE, POINT_TYPES, Ballot, Instance, Project

SECTIONS = ("meta", "projects", "votes")
BATCH = 1 << 15  # VOTES lines per batch
VOTE_TYPES = (*APPROVAL_TYPES, *POINT_TYPES, ORDINAL_TYPE)


class PabulibError(ValueError):
    """A malformed Pabulib file; ``line`` is the 1-based physical line where it was noticed."""

    def __init__(self, message: str, line: int | None = None):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line is not None else message)


def parse_number(text: str, line: int | None = None) -> Fraction:
    """Exact number from ``12``, ``12.5``, ``12,5`` or ``1e3`` (comma decimals occur in real files)."""
    t = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Fraction(t)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"not a number: {text!r}", line) from None
    return value


def _int_or_frac(x: Fraction) -> Fraction | int:
    return int(x) if x.denominator == 1 else x


def read(source: str | Path | TextIO) -> Instance:
    """Read a ``.pb`` file (path or open text stream) line by line."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8-sig", newline="") as fh:
            return _parse(fh)
    return _parse(source)


def reads(text: str) -> Instance:
    """Read a ``.pb`` document held in a string."""
    return _parse(io.StringIO(text.lstrip("\ufeff"), newline=""))


def _rows(fh: Iterable[str], first: int = 1) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(fh, delimiter=";")
    start = first
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PabulibError(f"bad CSV: {exc}", first - 1 + reader.line_num) from None
        yield start, row
        start = first + reader.line_num


def _section_title(row: list[str]) -> str | None:
    first = row[0].strip().lower().lstrip("\ufeff")
    return first if first in SECTIONS and len([c for c in row if c.strip()]) == 1 else None


def _parse(fh: Iterable[str]) -> Instance:
    meta: dict[str, str] = {}
    projects: list[Project] = []
    index: dict[str, int] = {}
    section: str | None = None
    header: list[str] | None = None
    project_columns: list[str] = []
    seen: set[str] = set()
    vote_type = ""
    fh = iter(fh)
    for line, row in _rows(fh):
        if not row or all(not c.strip() for c in row):
            continue
        first = _section_title(row)
        if first:
            if first in seen:
                raise PabulibError(f"section {first.upper()} appears twice", line)
            order = SECTIONS.index(first)
            if any(s not in seen for s in SECTIONS[:order]):
                raise PabulibError(f"section {first.upper()} before {SECTIONS[order - 1].upper()}", line)
            seen.add(first)
            section, header = first, None
            if first == "votes":
                vote_type = _check_meta(meta, line)
            continue
        if section is None:
            raise PabulibError("content before the META section", line)
        if header is None:
            header = [h.strip().lstrip("\ufeff") for h in row]
            if section == "projects":
                project_columns = header
                _require(header, ("project_id", "cost"), line)
            if section == "votes":
                _require(header, ("vote",), line)
                ballots = _Votes(header, vote_type, index).read(fh, line + 1)
                budget = parse_number(meta["budget"])
                return Instance(meta, projects, budget, vote_type, ballots, project_columns)
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError("META row without a value", line)
            meta[row[0].strip()] = row[1].strip()
        else:
            fields = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h}
            pid = fields["project_id"]
            if not pid:
                raise PabulibError("empty project_id", line)
            if pid in index:
                raise PabulibError(f"project {pid!r} listed twice", line)
            index[pid] = len(projects)
            projects.append(Project(pid, parse_number(fields["cost"], line), fields.get("name", ""), fields))
    if "votes" in seen:  # VOTES title without a header row: no ballots
        return Instance(meta, projects, parse_number(meta["budget"]), vote_type, {}, project_columns)
    missing = [s.upper() for s in SECTIONS if s not in seen]
    raise PabulibError(f"missing section(s): {', '.join(missing)}")


Key = tuple[str, str]


class _Votes:
    """The VOTES rows: raw (vote, points) strings counted, each distinct one parsed once."""

    def __init__(self, header: list[str], vote_type: str, index: dict[str, int]):
        self.vi = header.index("vote")
        self.pi = header.index("points") if "points" in header else -1
        self.vote_type, self.index = vote_type, index
        self.counts: dict[Key, int] = {}
        self.parsed: dict[Key, Ballot] = {}
        self.pairs = [(j, 1) for j in range(len(index))]  # shared (index, 1) items of approval ballots

    def read(self, fh: Iterator[str], line: int) -> dict[Ballot, int]:
        while batch := list(islice(fh, BATCH)):
            if not self._fast(batch, line):
                self._slow(chain(batch, fh), line)
                break
            line += len(batch)
        ballots: dict[Ballot, int] = {}
        for key, n in self.counts.items():
            b = self.parsed[key]
            ballots[b] = ballots.get(b, 0) + n
        return ballots

    def _fast(self, batch: list[str], line: int) -> bool:
        """Count a batch split with ``str.split``; False (nothing counted) if it needs csv."""
        if any('"' in x for x in batch):
            return False
        vi, pi = self.vi, self.pi
        cut = max(vi, pi) + 1  # later columns (voter metadata) are not needed
        rows = [x.rstrip("\r\n").split(";", cut) for x in batch]
        if min(map(len, rows)) <= max(vi, pi):
            keys = [(r[vi] if len(r) > vi else "", r[pi] if 0 <= pi < len(r) else "") for r in rows]
        elif pi < 0:
            keys = [(r[vi], "") for r in rows]
        else:
            keys = [(r[vi], r[pi]) for r in rows]
        found = Counter(keys)
        if vi == 0 and any(v.strip().lower() in SECTIONS for v, _ in found):
            return False  # a section title where votes should be: the per-row path reports it
        if any(not v.strip() for v, _ in found):
            for i, (v, _) in enumerate(keys):
                if not v.strip():
                    if not "".join(rows[i]).strip():
                        found[keys[i]] -= 1  # a blank row, not a voter
                    elif _section_title(rows[i]):
                        raise PabulibError(f"section {rows[i][0].strip().upper()} appears twice", line + i)
        for key, n in found.items():
            if key not in self.parsed:
                try:
                    self.parsed[key] = self._ballot(key, None)
                except PabulibError as exc:
                    raise PabulibError(exc.message, line + keys.index(key)) from None
            if n:
                self.counts[key] = self.counts.get(key, 0) + n
        return True

    def _slow(self, lines: Iterable[str], first: int) -> None:
        for line, row in _rows(lines, first):
            if not row or all(not c.strip() for c in row):
                continue
            title = _section_title(row)
            if title:
                raise PabulibError(f"section {title.upper()} appears twice", line)
            vi, pi = self.vi, self.pi
            key = (row[vi] if vi < len(row) else "", row[pi] if 0 <= pi < len(row) else "")
            if key not in self.parsed:
                self.parsed[key] = self._ballot(key, line)
            self.counts[key] = self.counts.get(key, 0) + 1

    def _ballot(self, key: Key, line: int | None) -> Ballot:
        return _ballot(key[0], key[1], self.vote_type, self.index, line, self.pairs)


def _require(header: list[str], names: tuple[str, ...], line: int) -> None:
    for n in names:
        if n not in header:
            raise PabulibError(f"header lacks column {n!r}", line)


def _check_meta(meta: dict[str, str], line: int) -> str:
    if "budget" not in meta:
        raise PabulibError("META has no budget", line)
    parse_number(meta["budget"], line)
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unsupported vote_type {vote_type!r}", line)
    return vote_type


def _ballot(
    vote: str, points: str, vote_type: str, index: dict[str, int], line: int | None, pairs: list[tuple[int, int]]
) -> Ballot:
    try:
        js = list(map(index.__getitem__, vote.split(",")))  # the common case: no spaces, no empty items
    except KeyError:
        ids = [v.strip() for v in vote.split(",") if v.strip()]
        try:
            js = [index[i] for i in ids]
        except KeyError as exc:
            raise PabulibError(f"vote for unknown project {exc.args[0]!r}", line) from None
    if vote_type in APPROVAL_TYPES:
        return tuple(map(pairs.__getitem__, sorted(set(js))))
    if vote_type == ORDINAL_TYPE:
        seen: dict[int, None] = {}
        for j in js:
            seen.setdefault(j, None)  # a repeated id keeps its best (first) rank
        return tuple(map(pairs.__getitem__, seen))
    raw = [p.strip() for p in points.split(",") if p.strip()]
    if len(raw) != len(js):
        raise PabulibError(f"{len(js)} projects but {len(raw)} points", line)
    pts: dict[int, Fraction] = {}
    for j, p in zip(js, raw, strict=True):
        pts[j] = pts.get(j, Fraction(0)) + parse_number(p, line)  # a repeated id adds its points
    return tuple((j, _int_or_frac(v)) for j, v in sorted(pts.items()) if v != 0)


def _fmt(x: Fraction | int) -> str:
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    text = repr(float(x))
    if Fraction(text) != x:
        raise ValueError(f"{x} has no exact decimal form")
    return text


def writes(instance: Instance) -> str:
    """Serialise to ``.pb`` text; ``reads(writes(x))`` gives back an equal instance.

    Voter ids and voter metadata are not kept by the reader (ballots are collapsed), so voters
    are numbered 1..n in the output.
    """
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(instance.meta)
    meta["budget"] = _fmt(instance.budget)
    meta["num_projects"] = str(len(instance.projects))
    meta["num_votes"] = str(instance.num_voters)
    meta.setdefault("vote_type", instance.vote_type)
    w.writerow(["META"])
    w.writerow(["key", "value"])
    for k, v in meta.items():
        w.writerow([k, v])
    cols = list(instance.project_columns) or ["project_id", "cost", "name"]
    for c in ("project_id", "cost"):
        if c not in cols:
            cols.insert(0 if c == "project_id" else 1, c)
    w.writerow(["PROJECTS"])
    w.writerow(cols)
    for p in instance.projects:
        row = dict(p.fields)
        row["project_id"], row["cost"] = p.id, _fmt(p.cost)
        if "name" in cols:
            row["name"] = p.name
        w.writerow([row.get(c, "") for c in cols])
    points = instance.vote_type in POINT_TYPES
    w.writerow(["VOTES"])
    w.writerow(["voter_id", "vote", "points"] if points else ["voter_id", "vote"])
    ids = [p.id for p in instance.projects]
    voter = 0
    for ballot, mult in instance.ballots.items():
        vote = ",".join(ids[j] for j, _ in ballot)
        pts = ",".join(_fmt(v) for _, v in ballot)
        for _ in range(mult):
            voter += 1
            w.writerow([voter, vote, pts] if points else [voter, vote])
    return out.getvalue()


def write(instance: Instance, path: str | Path) -> None:
    """Write ``instance`` to ``path`` as UTF-8 ``.pb``."""
    Path(path).write_text(writes(instance), encoding="utf-8")
