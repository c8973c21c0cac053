"""Streaming, tolerant reader and a writer for the Pabulib ``.pb`` format.

Real files have quirks (BOM, CRLF, extra columns, empty votes, ``,`` decimals, a project listed
twice in one ballot); they are accepted. Anything that would change the count silently (unknown
project, unparsable number, missing section) raises :class:`PabulibError` naming the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from auyl.pb.model import APPROVAL_TYPES, ORDINAL_TYPE, POINT_TYPES, Ballot, Instance, Project

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPES = (*APPROVAL_TYPES, *POINT_TYPES, ORDINAL_TYPE)


class PabulibError(ValueError):
    """A malformed Pabulib file; ``line`` is the 1-based physical line where it was noticed."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
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


def _rows(fh: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(fh, delimiter=";")
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PabulibError(f"bad CSV: {exc}", reader.line_num) from None
        yield start, row
        start = reader.line_num + 1


def _parse(fh: Iterable[str]) -> Instance:
    meta: dict[str, str] = {}
    projects: list[Project] = []
    index: dict[str, int] = {}
    ballots: dict[Ballot, int] = {}
    section: str | None = None
    header: list[str] | None = None
    project_columns: list[str] = []
    seen: set[str] = set()
    vote_type = ""
    for line, row in _rows(fh):
        if not row or all(not c.strip() for c in row):
            continue
        first = row[0].strip().lower().lstrip("\ufeff")
        if first in SECTIONS and len([c for c in row if c.strip()]) == 1:
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
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError("META row without a value", line)
            meta[row[0].strip()] = row[1].strip()
        elif section == "projects":
            fields = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h}
            pid = fields["project_id"]
            if not pid:
                raise PabulibError("empty project_id", line)
            if pid in index:
                raise PabulibError(f"project {pid!r} listed twice", line)
            index[pid] = len(projects)
            projects.append(Project(pid, parse_number(fields["cost"], line), fields.get("name", ""), fields))
        else:
            fields = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header)}
            ballot = _ballot(fields, vote_type, index, line)
            ballots[ballot] = ballots.get(ballot, 0) + 1
    if "votes" not in seen:
        missing = [s.upper() for s in SECTIONS if s not in seen]
        raise PabulibError(f"missing section(s): {', '.join(missing)}")
    budget = parse_number(meta["budget"])
    return Instance(meta, projects, budget, vote_type, ballots, project_columns)


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


def _ballot(fields: dict[str, str], vote_type: str, index: dict[str, int], line: int) -> Ballot:
    ids = [v.strip() for v in fields.get("vote", "").split(",") if v.strip()]
    try:
        js = [index[i] for i in ids]
    except KeyError as exc:
        raise PabulibError(f"vote for unknown project {exc.args[0]!r}", line) from None
    if vote_type in APPROVAL_TYPES:
        return tuple((j, 1) for j in sorted(set(js)))
    if vote_type == ORDINAL_TYPE:
        seen: dict[int, None] = {}
        for j in js:
            seen.setdefault(j, None)  # a repeated id keeps its best (first) rank
        return tuple((j, 1) for j in seen)
    raw = [p.strip() for p in fields.get("points", "").split(",") if p.strip()]
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
