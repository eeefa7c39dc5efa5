"""Phone numbers: which can be dialled, how each reads, and what is dialled (phonenumbers); models.Phone makes the
tel: or sms: link from that."""

from __future__ import annotations

import re
from functools import cache

import phonenumbers

from .models import Phone
from .problems import Problem, mismatch
from .yamltext import FieldPath, Locate, field_name

SHORT_CODE = re.compile(r"^[0-9]{3,6}$")  # 988, 211, 741741: dialled as they are


def check_phone(phone: dict, path: FieldPath, country: str | None, locate: Locate, problems: list[Problem]) -> Phone:
    """Return a phone with its display form and what it dials; report numbers that cannot be dialled.

    With no country (site.yaml has problems of its own), only short codes and numbers with + are understood.
    """
    number, kind = phone["number"], phone.get("type")
    digits = re.sub(r"[\s().-]", "", number)
    if _is_short_code(digits, str(kind), country):
        display, dial = digits, digits
    elif dialling := _dialling(number, country or "ZZ"):
        display, dial = dialling
    else:
        if country is not None or number.startswith("+"):
            short = "a text code of 5 or 6 digits like 741741" if kind == "text" else \
                f"a short number {country or 'the country'} has, like 988 or 211"
            problems.append(mismatch(locate((*path, "number")), field_name((*path, "number")),
                                     f"a phone number like +1 828 555 0100, or {short}", number))
        return Phone(number, str(kind), number, "")
    return Phone(number, str(kind), display, dial, phone.get("keyword"), phone.get("extension"),
                 phone.get("description"), phone.get("press"))


@cache
def _is_short_code(digits: str, kind: str, country: str | None) -> bool:
    """Return whether digits are dialled as they are: a text code of 5 or 6 digits, or one of the country's short
    numbers as phonenumbers knows them (988, 211, 711, ...). Not 1234: that reaches no one."""
    if not SHORT_CODE.match(digits):
        return False
    if kind == "text" and len(digits) >= 5 or country is None:
        return True
    return phonenumbers.is_valid_short_number_for_region(phonenumbers.parse(digits, country), country)


@cache  # many services share a number: an agency's programs, a county's lines
def _dialling(number: str, country: str) -> tuple[str, str] | None:
    """Return how to show a phone number and what to dial (E.164), or None if it cannot be dialled."""
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return None
    # Most numbers are the site's own country's: that test is three times as fast as asking for any country.
    same_country = phonenumbers.is_valid_number_for_region(parsed, country)
    if not same_country and not phonenumbers.is_valid_number(parsed):
        return None
    display = phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.NATIONAL if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return display, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def dialled(phone: Phone) -> str:
    """Return what a phone dials (number and extension), or '' for short codes that many services share."""
    if not phone.dial or SHORT_CODE.match(phone.dial):
        return ""
    return phone.href.partition(":")[2].partition("?")[0]  # a text line's keyword is not part of its number
