"""A roster upload made into a folder the importer reads: one .zip, or the files themselves.

Only plain file names ending in .csv or .json are kept (any folder inside a zip
is ignored, so a name like ``../../x`` cannot escape); sizes are capped before
anything is written, so a zip bomb stops at the cap.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

MAX_FILES = 12
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
KEPT_SUFFIXES = (".csv", ".json")


class UploadError(ValueError):
    """The upload cannot be read as a roster; the message says why (no file contents)."""


def _plain_name(name: str) -> str | None:
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base.startswith(".") or not base.lower().endswith(KEPT_SUFFIXES):
        return None
    return base


def _write(folder: Path, name: str, data: bytes, written: dict[str, int]) -> None:
    if name in written:
        raise UploadError(f"{name} was given twice.")
    if len(written) >= MAX_FILES:
        raise UploadError(f"Too many files: at most {MAX_FILES}.")
    if len(data) > MAX_FILE_BYTES:
        raise UploadError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if sum(written.values()) + len(data) > MAX_TOTAL_BYTES:
        raise UploadError(f"The upload is larger than {MAX_TOTAL_BYTES // (1024 * 1024)} MB.")
    (folder / name).write_bytes(data)
    written[name] = len(data)


def _unzip(folder: Path, data: bytes, written: dict[str, int]) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError("The .zip file cannot be opened: is it a zip?") from None
    with archive:
        for info in archive.infolist():
            name = None if info.is_dir() else _plain_name(info.filename)
            if name is None:
                continue
            if info.file_size > MAX_FILE_BYTES:
                raise UploadError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            with archive.open(info) as member:
                content = member.read(MAX_FILE_BYTES + 1)
            _write(folder, name, content, written)


def unpack(
    folder: Path, files: list[tuple[str, bytes]], required: tuple[str, ...] = ()
) -> list[str]:
    """Write the uploaded ``(filename, bytes)`` into ``folder``; the names written.

    Each import is a whole snapshot of the roster (anyone missing from it has
    left), so every file named in ``required`` must be there: a forgotten
    ``staff.csv`` must not read as "every member of staff has left".
    """
    written: dict[str, int] = {}
    for filename, data in files:
        if filename.lower().endswith(".zip"):
            _unzip(folder, data, written)
            continue
        name = _plain_name(filename)
        if name is None:
            raise UploadError(f"{filename or 'A file'} is not a .zip, .csv or .json file.")
        _write(folder, name, data, written)
    if not written:
        raise UploadError("Choose the roster files (a .zip, or .csv and .json files) to upload.")
    missing = [name for name in required if name not in written]
    if missing:
        raise UploadError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing. Upload every "
            "file of the export together: each import replaces the whole roster, so a missing "
            "file would read as everyone in it having left."
        )
    return sorted(written)
