"""Reading ``school_contacts.json``: each school's (and the trust's) official contact details.

The file is an object keyed by school name. Each body may have ``address``,
``postcode``, ``phones``, ``mobiles`` (official mobiles such as a trips phone;
merged into the phones), ``emails``, ``websites`` and ``social`` (platform ->
handle or URL). Keys starting with ``_`` and keys ending in ``_note`` are
comments. Publishing these details is fine, so detectors must never flag them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from postguard.roster.cells import check_email, check_phone
from postguard.roster.errors import CellError, RowError
from postguard.roster.models import SchoolContacts

_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", re.IGNORECASE)
_TEXT_KEYS = ("address", "postcode")
_LIST_KEYS = ("phones", "mobiles", "emails", "websites")


@dataclass
class SchoolContactsFile:
    schools: list[SchoolContacts] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    fatal: list[RowError] = field(default_factory=list)


def _line_of(text: str, name: str) -> int | None:
    index = text.find(json.dumps(name, ensure_ascii=False) + ":")
    if index < 0:
        index = text.find(json.dumps(name) + ":")
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _body(
    name: str, body: dict[str, object], file: str, line: int | None
) -> SchoolContacts | list[RowError]:
    errors: list[RowError] = []

    def fail(key: str, message: str) -> None:
        errors.append(RowError(file, line, f"{name}.{key}", message))

    texts: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    social: dict[str, str] = {}
    for key, value in body.items():
        if key.startswith("_") or key.endswith("_note"):
            continue
        if key in _TEXT_KEYS:
            if not isinstance(value, str):
                fail(key, "should be a string")
            else:
                texts[key] = value.strip()
        elif key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(key, "should be a list of strings")
            else:
                lists[key] = tuple(v.strip() for v in value)
        elif key == "social":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                fail(key, "should map platform names to handles or URLs")
            else:
                social = {k.strip(): v.strip() for k, v in value.items()}
        else:
            known = ", ".join((*_TEXT_KEYS, *_LIST_KEYS, "social"))
            fail(key, f"unknown key (known: {known})")

    postcode = texts.get("postcode", "")
    if postcode and _POSTCODE.fullmatch(postcode) is None:
        fail("postcode", "not a UK postcode shape such as AB1 2CD")
    phones = lists.get("phones", ()) + lists.get("mobiles", ())
    for key, checker in (
        ("phones", check_phone),
        ("mobiles", check_phone),
        ("emails", check_email),
    ):
        for value in lists.get(key, ()):
            try:
                checker(value)
            except CellError as exc:
                fail(key, str(exc))
    if errors:
        return errors
    return SchoolContacts(
        name=name,
        address=texts.get("address", ""),
        postcode=postcode,
        phones=tuple(dict.fromkeys(phones)),
        emails=lists.get("emails", ()),
        websites=lists.get("websites", ()),
        social=tuple(sorted(social.items())),
    )


def read_school_contacts(path: Path, encoding: str = "utf-8-sig") -> SchoolContactsFile:
    file = path.name
    out = SchoolContactsFile()
    try:
        text = path.read_bytes().decode(encoding).removeprefix("\ufeff")
        raw = json.loads(text)
    except UnicodeDecodeError:
        out.fatal.append(RowError(file, None, None, f"cannot be read as {encoding}"))
        return out
    except json.JSONDecodeError as exc:
        out.fatal.append(RowError(file, exc.lineno, None, f"not valid JSON ({exc.msg})"))
        return out
    if not isinstance(raw, dict):
        out.fatal.append(RowError(file, 1, None, "should be an object keyed by school name"))
        return out
    for name, body in raw.items():
        if name.startswith("_"):
            continue
        line = _line_of(text, name)
        if not isinstance(body, dict):
            out.errors.append(RowError(file, line, name, "should be an object of contact details"))
            continue
        result = _body(name.strip(), body, file, line)
        if isinstance(result, SchoolContacts):
            out.schools.append(result)
        else:
            out.errors.extend(result)
    return out
