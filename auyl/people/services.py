"""Write rules for people: registry import, sign-up, one-time codes, verification, log-in checks, roles."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.roles import Role
from auyl.people import crypto, throttle
from auyl.people.iin import parse_iin
from auyl.people.models import OneTimeCode, Resident, RoleAssignment, User
from auyl.people.registry import PopulationRegistry
from auyl.people.senders import get_sender
from auyl.territory.models import Community, Level, Territory

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
PHONE_RE = re.compile(r"^\+?[78]\d{10}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- the resident registry -------------------------------------------------------------------------


@dataclass
class RegistryImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_registry(source: PopulationRegistry) -> RegistryImportReport:
    """Upsert every record; a file with any bad row saves nothing and reports every bad row (by line)."""
    report = RegistryImportReport()
    settlements = {t.code: t for t in Territory.objects.filter(level=Level.SETTLEMENT)}
    communities = {c.territory.prefix: c for c in Community.objects.select_related("territory")}
    prepared = []
    for record in source.records():
        try:
            info = parse_iin(record.iin)
        except ValidationError as error:
            report.errors.append(f"line {record.line}: {error.messages[0]}")
            continue
        settlement = settlements.get(record.settlement_kato)
        community = settlement and (communities.get(settlement.code[:6]) or communities.get(settlement.code))
        problems = []
        if community is None:
            problems.append(_("settlement %(code)s is not in a local community") % {"code": record.settlement_kato})
        if record.birth_date != info.birth_date.isoformat():
            problems.append(_("birth date does not match the IIN"))
        if record.sex not in ("M", "F") or record.sex != info.sex:
            problems.append(_("sex does not match the IIN"))
        if not record.last_name or not record.first_name:
            problems.append(_("last and first name are required"))
        if problems:
            report.errors.append(f"line {record.line}: " + "; ".join(problems))
            continue
        prepared.append((record, info, settlement, community))
    if report.errors:
        return report
    with transaction.atomic():
        existing = {r.iin_hash: r for r in Resident.objects.all()}
        new = []
        for record, info, settlement, community in prepared:
            key = crypto.lookup_hash(info.iin)
            values = dict(
                community=community, settlement=settlement, last_name=record.last_name,
                first_name=record.first_name, patronymic=record.patronymic, birth_date=info.birth_date,
                sex=info.sex, address=record.address, is_registered=record.registered,
                is_excluded=record.excluded,
            )
            if key in existing:
                resident = existing[key]
                for name, value in values.items():
                    setattr(resident, name, value)
                resident.save()
                report.updated += 1
            else:
                new.append(Resident(iin_hash=key, iin_encrypted=crypto.encrypt(info.iin),
                                    iin_last4=info.iin[-4:], **values))
        Resident.objects.bulk_create(new, batch_size=1000)
        report.created = len(new)
        refresh_population()
    return report


def refresh_population() -> None:
    """Community population = residents registered there (the registry is the source of truth)."""
    from django.db.models import Count

    for row in Resident.objects.filter(is_registered=True).values("community").annotate(n=Count("id")):
        Community.objects.filter(pk=row["community"]).update(population=row["n"])


# --- accounts ----------------------------------------------------------------------------------------


def normalise_contact(contact: str) -> str:
    contact = contact.strip()
    digits = re.sub(r"[\s()-]", "", contact)
    if PHONE_RE.match(digits):
        return "+7" + digits[-10:]
    if EMAIL_RE.match(contact):
        return contact.lower()
    raise ValidationError(_("Enter a mobile number (+7 7XX XXX XX XX) or an e-mail address."), code="contact")


@transaction.atomic
def sign_up(*, contact: str, password: str, language: str = "kk") -> User:
    """Create an unconfirmed account and send a one-time code to the phone or e-mail."""
    from django.contrib.auth.password_validation import validate_password

    username = normalise_contact(contact)
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("An account with this phone or e-mail already exists."), code="exists")
    user = User(username=username, preferred_language=language)
    if username.startswith("+"):
        user.phone = username
    else:
        user.email = username
    validate_password(password, user)
    user.set_password(password)
    user.save()
    send_code(user)
    return user


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def send_code(user: User, purpose: str = "confirm") -> None:
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).delete()
    OneTimeCode.objects.create(user=user, purpose=purpose, code_hash=_hash_code(code),
                               expires_at=timezone.now() + CODE_TTL)
    get_sender().send(user.username, _("Your Auyl code: %(code)s") % {"code": code})


@transaction.atomic
def confirm_code(user: User, code: str, purpose: str = "confirm") -> None:
    """Check a one-time code; after too many wrong tries the code dies and the account is locked a while."""
    if throttle.is_locked("code", user.username):
        raise ValidationError(
            _("Too many wrong codes. Try again in %(minutes)s minutes.") % {"minutes": throttle.lockout_minutes()},
            code="locked",
        )
    otp = (OneTimeCode.objects.select_for_update()
           .filter(user=user, purpose=purpose, used_at__isnull=True).first())
    if otp is None or otp.expires_at < timezone.now() or otp.attempts >= CODE_MAX_ATTEMPTS:
        raise ValidationError(_("This code has expired. Ask for a new one."), code="expired")
    if not secrets.compare_digest(otp.code_hash, _hash_code(code.strip())):
        otp.attempts += 1
        otp.save(update_fields=["attempts"])
        throttle.record_failure("code", user.username)
        raise ValidationError(_("The code is wrong."), code="wrong")
    otp.used_at = timezone.now()
    otp.save(update_fields=["used_at"])
    throttle.reset("code", user.username)
    user.contact_confirmed = True
    user.save(update_fields=["contact_confirmed"])


def check_login(request, *, username: str, password: str) -> User:
    """Authenticate with lock-out after repeated failures (per account and per client address)."""
    try:
        username = normalise_contact(username)
    except ValidationError:
        username = username.strip()
    client = request.META.get("REMOTE_ADDR", "")
    if throttle.is_locked("login", username) or throttle.is_locked("login-ip", client):
        raise ValidationError(
            _("Too many failed attempts. Log-in is locked for %(minutes)s minutes.")
            % {"minutes": throttle.lockout_minutes()},
            code="locked",
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        throttle.record_failure("login", username)
        throttle.record_failure("login-ip", client)
        raise ValidationError(_("Wrong phone/e-mail or password."), code="invalid")
    throttle.reset("login", username)
    return user


# --- verification and roles --------------------------------------------------------------------------


@transaction.atomic
def verify_resident(user: User, *, iin: str, birth_date: date) -> Resident:
    """A resident is verified for a community when IIN and birth date match a registry entry."""
    if throttle.is_locked("verify", user.username):
        raise ValidationError(
            _("Too many failed attempts. Try again in %(minutes)s minutes.") % {"minutes": throttle.lockout_minutes()},
            code="locked",
        )
    info = parse_iin(iin)
    resident = Resident.objects.select_related("community__territory").filter(
        iin_hash=crypto.lookup_hash(info.iin)).first()
    if resident is None or resident.birth_date != birth_date or info.birth_date != birth_date:
        throttle.record_failure("verify", user.username)
        raise ValidationError(
            _("We could not find you in the registry of a local community with this IIN and birth date."),
            code="no_match",
        )
    if hasattr(resident, "account") and resident.account.pk != user.pk:
        raise ValidationError(_("This person is already linked to another account."), code="taken")
    user.resident = resident
    user.save(update_fields=["resident"])
    RoleAssignment.objects.get_or_create(user=user, role=Role.RESIDENT, territory=resident.community.territory)
    audit.record(actor=user, action="people.verified", object_type="people.user", object_id=user.pk,
                 territory_code=resident.community.territory.code)
    return resident


@transaction.atomic
def grant_role(*, granted_by, user: User, role: str, territory: Territory | None, note: str = "",
               valid_from: date | None = None, valid_until: date | None = None) -> RoleAssignment:
    """Give ``user`` a role in a territory, optionally for a period (an akim's term starts on registration)."""
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, role=role, territory=territory,
        defaults={"note": note, "valid_from": valid_from, "valid_until": valid_until})
    audit.record(actor=granted_by, action="people.role_granted", obj=assignment,
                 after={"user": user.pk, "role": role, "territory": territory.code if territory else ""})
    user.__dict__.pop("_auyl_role_scopes", None)
    return assignment


def log_personal_data_access(user: User, resident: Resident, purpose: str) -> None:
    from auyl.people.models import PersonalDataAccess

    PersonalDataAccess.objects.create(user=user, resident=resident, purpose=purpose[:80])
