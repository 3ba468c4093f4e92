"""The post checker's form: what was typed, chosen and attached, validated field by field.

Every problem is kept against its field so the page can show it beside the
field (and link it with ``aria-describedby``); nothing here raises for bad input.

Photos already checked are re-posted by the page itself (one hidden ``kept_photo``
field each, see :func:`kept_value`) rather than kept on the server: a child's photo
never rests on the server's disk or in its session between requests, and a fix, a
blur or a re-check still sees the same bytes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from starlette.datastructures import FormData, UploadFile

from postguard.web.schemas import checked_text
from postguard.web.service import Service
from postguard.web.uploads import MAX_PHOTO_BYTES, MAX_PHOTOS, Photo, PhotoError, photo


@dataclass
class CheckForm:
    text: str = ""
    school: str = ""
    platform: str = ""
    photos: list[Photo] = field(default_factory=list)
    photos_kept: int = 0
    fix: str = ""
    blur: str = ""
    post_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def image_count(self) -> int:
        return len(self.photos) if self.photos else self.photos_kept

    @property
    def valid(self) -> bool:
        return not self.errors


def _int(value: str, default: int = 0) -> int:
    return int(value) if value.isdigit() else default


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def read_photos(uploads: list[UploadFile]) -> tuple[list[Photo], list[str]]:
    """The attached photos, and one message per file refused."""
    photos: list[Photo] = []
    problems: list[str] = []
    chosen = [u for u in uploads if u.filename]  # a browser sends an empty part for "no file"
    if len(chosen) > MAX_PHOTOS:
        return [], [f"{len(chosen)} files attached; a post takes at most {MAX_PHOTOS} photos."]
    for upload in chosen:
        data = await upload.read(MAX_PHOTO_BYTES + 1)
        try:
            photos.append(photo(upload.filename or "", data))
        except PhotoError as exc:
            problems.append(str(exc))
    return photos, problems


def kept_value(p: Photo) -> str:
    """The hidden field that re-posts a checked photo: ``blurred:filename-in-base64:data``."""
    name = base64.urlsafe_b64encode(p.filename.encode()).decode("ascii")
    return f"{int(p.blurred)}:{name}:{base64.b64encode(p.data).decode('ascii')}"


def read_kept(values: Sequence[str]) -> tuple[list[Photo], list[str]]:
    """The photos re-posted by the page, and one message per value that is not a photo."""
    photos: list[Photo] = []
    problems: list[str] = []
    for value in values[:MAX_PHOTOS]:
        flag, _, rest = value.partition(":")
        name, _, data = rest.partition(":")
        try:
            filename = base64.urlsafe_b64decode(name).decode()
            body = base64.b64decode(data, validate=True)
            photos.append(replace(photo(filename, body), blurred=flag == "1"))
        except (binascii.Error, UnicodeDecodeError):
            problems.append("An attached photo did not come back intact: attach it again.")
        except PhotoError as exc:
            problems.append(str(exc))
    return photos, problems


async def parse_check_form(
    form: FormData, service: Service, accounts: Sequence[str] | None = None
) -> CheckForm:
    """Read and validate the submitted form against the accounts and the service's platforms.

    ``accounts`` (default: every account of the service) are those the person may post for.
    """
    accounts = service.accounts if accounts is None else accounts
    text = _field(form, "text").replace("\r\n", "\n")
    result = CheckForm(
        text=text,
        school=_field(form, "school"),
        platform=_field(form, "platform"),
        photos_kept=min(_int(_field(form, "photos_kept")), MAX_PHOTOS),
        fix=_field(form, "fix"),
        blur=_field(form, "blur"),
        post_id=_int(_field(form, "post"), 0) or None,
    )
    removed = bool(_field(form, "remove_photos"))
    if removed:
        result.photos_kept = 0
    try:
        checked_text(text)
    except ValueError as exc:
        result.errors["text"] = str(exc).capitalize() + "."
    if result.school and result.school not in accounts:
        result.errors["school"] = "Choose one of the listed accounts."
    if result.platform and result.platform not in service.platform_ids:
        result.errors["platform"] = "Choose one of the listed platforms."
    uploads = [u for u in form.getlist("photos") if isinstance(u, UploadFile)]
    photos, problems = await read_photos(uploads)
    if not photos and not problems and not removed:
        kept = [v for v in form.getlist("kept_photo") if isinstance(v, str)]
        photos, problems = read_kept(kept)
    if problems:
        result.errors["photos"] = " ".join(problems)
    else:
        result.photos = photos
    return result
