"""Synthetic oversight data in bulk, for the roll-up benchmark and the recount test (not for the demo, which goes
through the services): elections every four years per community, audits with findings, School enrolments."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from auyl.oversight.eligibility import age_on, term_end
from auyl.oversight.models import (
    AkimTerm,
    Audit,
    Candidate,
    Course,
    Election,
    Enrolment,
    Finding,
    Module,
    Topic,
)
from auyl.territory.models import Community

EDUCATION = ["higher", "higher", "post_secondary", "vocational", "postgraduate", "secondary"]


def generate(communities: list[Community], years: list[int], *, rng: random.Random, auditor) -> dict[str, int]:
    """Fill the oversight tables for ``communities`` over ``years``; returns how many rows of each were made."""
    for community in communities:
        if not community.population:
            community.population = rng.randint(500, 15000)
    Community.objects.bulk_update(communities, ["population"], batch_size=1000)
    elections, candidates, winners = [], [], []
    for index, community in enumerate(communities):
        for year in years:
            if (index + year) % 4:
                continue
            electorate = int(community.population * rng.uniform(0.6, 0.75))
            day = date(year, rng.randint(1, 12), rng.randint(1, 28))
            elections.append(Election(community=community, date=day, electorate=electorate,
                                      ballots_cast=int(electorate * rng.uniform(0.5, 0.95)),
                                      status=Election.Status.COUNTED))
    Election.objects.bulk_create(elections, batch_size=2000)
    for election in elections:
        count = rng.randint(1, 4)
        people = []
        for n in range(count):
            born = date(rng.randint(1960, 2001), rng.randint(1, 12), rng.randint(1, 28))
            education = rng.choice(EDUCATION)
            ok = age_on(born, election.date) >= 25 and education != "secondary"
            party = rng.random() < 0.4
            people.append(Candidate(
                election=election, full_name=f"Кандидат {election.pk}-{n}", iin_hash=f"{election.pk}-{n}",
                birth_date=born, education=education, experience_years=Decimal(rng.randint(2, 30)),
                nomination="party" if party else "self", party="Amanat" if party else "", is_eligible=ok,
                problems=[] if ok else [{"code": "education", "params": {"education": education}}]))
        eligible = [p for p in people if p.is_eligible]
        if not eligible:
            people[0].is_eligible, people[0].problems, people[0].education = True, [], "higher"
            people[0].birth_date = date(1975, 1, 1)
            eligible = [people[0]]
        shares = [rng.random() for _ in eligible]
        total = sum(shares)
        for person, share in zip(eligible, shares, strict=True):
            person.votes = int(election.ballots_cast * 0.95 * share / total)
        winner = max(eligible, key=lambda p: (p.votes, p.full_name))
        winner.is_elected = True
        winners.append(winner)
        candidates += people
    Candidate.objects.bulk_create(candidates, batch_size=2000)
    terms = [AkimTerm(community=w.election.community, candidate=w, full_name=w.full_name, iin_hash=w.iin_hash,
                      starts_on=w.election.date, ends_on=term_end(w.election.date),
                      is_first_time=rng.random() < 0.65, nomination=w.nomination,
                      age_at_election=age_on(w.birth_date, w.election.date)) for w in winners]
    AkimTerm.objects.bulk_create(terms, batch_size=2000)
    audits, findings = [], []
    for community in communities:
        for year in years:
            if rng.random() < 0.3:
                audits.append(Audit(community=community, year=year, title=f"Audit {year}", created_by=auditor,
                                    status=Audit.Status.PRESENTED))
    Audit.objects.bulk_create(audits, batch_size=2000)
    for item in audits:
        for number in range(1, rng.randint(1, 5) + 1):
            status = rng.choice(["open", "responded", "resolved"])
            findings.append(Finding(audit=item, number=number, description="—", recommendation="—",
                                    amount=Decimal(rng.randint(0, 5_000_000)), status=status,
                                    deadline=date(item.year, 12, 31) + timedelta(days=rng.randint(-200, 900))))
    Finding.objects.bulk_create(findings, batch_size=2000)
    enrolments = []
    for year in years:
        course = Course.objects.create(year=year, title_kk="Әкімдер мектебі", title_ru="Школа акимов",
                                       title_en="School of akims")
        Module.objects.bulk_create([Module(course=course, order=i, topic=topic, title_kk=topic, title_ru=topic,
                                           title_en=topic) for i, topic in enumerate(Topic.values, start=1)])
        for term in terms:
            if term.starts_on.year == year and rng.random() < 0.7:
                done = rng.random() < 0.8
                enrolled = term.starts_on + timedelta(days=10)
                enrolments.append(Enrolment(course=course, term=term, enrolled_on=enrolled,
                                            completed_on=enrolled + timedelta(days=rng.randint(20, 400))
                                            if done else None))
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    return {"elections": len(elections), "candidates": len(candidates), "terms": len(terms),
            "audits": len(audits), "findings": len(findings), "enrolments": len(enrolments)}
