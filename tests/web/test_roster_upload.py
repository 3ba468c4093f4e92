"""Roster uploads: a zip or the files, plain names only, sizes capped, no file left out;
and the import page's answers (row errors listed, a roster saved as a new version)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from postguard.auth.roles import Role
from postguard.demo import demo_dir
from postguard.store import make_engine, upgrade
from postguard.web.app import create_app
from postguard.web.database import WebDatabase
from postguard.web.roster_upload import MAX_FILES, UploadError, unpack
from postguard.web.routes.roster import REQUIRED_FILES
from postguard.web.service import Service
from postguard.web.testing import role_client, seed


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def demo_files() -> list[tuple[str, bytes]]:
    return [
        (f.name, f.read_bytes())
        for f in sorted(demo_dir().iterdir())
        if f.suffix in (".csv", ".json")
    ]


@pytest.mark.parametrize(
    "files, expected",
    [
        ([("pupils.csv", b"a")], ["pupils.csv"]),
        ([("x.zip", zipped({"export/2026/pupils.csv": b"a", "staff.csv": b"b"}))],
         ["pupils.csv", "staff.csv"]),
        ([("x.zip", zipped({"../../etc/evil.csv": b"a"}))], ["evil.csv"]),  # folders dropped
        ([("x.zip", zipped({"pupils.csv": b"a", "readme.txt": b"b", ".hidden.csv": b"c"}))],
         ["pupils.csv"]),
        ([("C:\\export\\pupils.csv", b"a")], ["pupils.csv"]),
    ],
)  # fmt: skip
def test_unpack_keeps_plain_csv_and_json_names(
    tmp_path: Path, files: list[tuple[str, bytes]], expected: list[str]
) -> None:
    assert unpack(tmp_path, files) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == expected


@pytest.mark.parametrize(
    "files, message",
    [
        ([], "Choose the roster files"),
        ([("photo.png", b"x")], "photo.png is not a .zip, .csv or .json file"),
        ([("x.zip", b"not a zip")], "cannot be opened"),
        ([("pupils.csv", b"a"), ("pupils.csv", b"b")], "pupils.csv was given twice"),
        ([(f"f{i}.csv", b"a") for i in range(MAX_FILES + 1)], "Too many files"),
    ],
)
def test_unpack_refuses_what_is_not_a_roster(
    tmp_path: Path, files: list[tuple[str, bytes]], message: str
) -> None:
    with pytest.raises(UploadError, match=message):
        unpack(tmp_path, files)


def test_a_missing_file_is_refused_rather_than_read_as_everyone_leaving(tmp_path: Path) -> None:
    files = [f for f in demo_files() if f[0] != "staff.csv"]
    with pytest.raises(UploadError, match="staff.csv is missing"):
        unpack(tmp_path, files, REQUIRED_FILES)


def test_the_import_page_lists_row_errors_and_saves_nothing(
    signed_in_as: Callable[[Role], TestClient],
) -> None:
    files = dict(demo_files())
    pupils = files["pupils.csv"].decode().splitlines()
    pupils[2] = "12345" + pupils[2][pupils[2].index(",") :]
    files["pupils.csv"] = ("\n".join(pupils) + "\n").encode()
    it = signed_in_as(Role.IT_ADMIN)
    r = it.post(
        "/roster/import", files=[("files", ("roster.zip", zipped(files), "application/zip"))]
    )
    assert r.status_code == 422
    assert "nothing was imported" in r.text
    assert "<td>pupils.csv</td><td>3</td><td>UPN</td>" in r.text
    assert "12345" not in r.text


def test_the_import_page_saves_a_new_roster_version(
    signed_in_as: Callable[[Role], TestClient],
) -> None:
    it = signed_in_as(Role.IT_ADMIN)
    r = it.post("/roster/import", files=[("files", f) for f in demo_files()])
    assert r.status_code == 200
    assert "saved for Riverside Learning Trust" in r.text


def test_an_upload_without_the_csrf_token_is_refused(
    signed_in_as: Callable[[Role], TestClient],
) -> None:
    it = signed_in_as(Role.IT_ADMIN)
    del it.headers["X-CSRF-Token"]
    r = it.post("/roster/import", files=[("files", f) for f in demo_files()])
    assert r.status_code == 403


def test_after_an_import_the_checker_knows_the_new_pupils(
    service: Service, tmp_path_factory: pytest.TempPathFactory
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('reload') / 'r.sqlite3'}")
    upgrade(engine)
    db = WebDatabase.for_engine(engine)
    app = create_app(service.settings, service=service, database=db)
    accounts = seed(db, service)
    files = dict(demo_files())
    pupils = files["pupils.csv"].decode().splitlines()
    new = pupils[1].split(",")
    new[0], new[1], new[2], new[3], new[4] = "A123456789012", "Zephyrine", "Quillfeather", "", ""
    files["pupils.csv"] = ("\n".join([*pupils, ",".join(new)]) + "\n").encode()
    post = {"text": "Well done Zephyrine Quillfeather!", "school": "Riverside Academy"}
    with role_client(app, accounts, Role.STAFF) as teacher:
        assert teacher.post("/api/check", json=post).json()["findings"] == []
        with role_client(app, accounts, Role.IT_ADMIN) as it:
            upload = [("files", ("roster.zip", zipped(files), "application/zip"))]
            assert it.post("/roster/import", files=upload).status_code == 200
        found = teacher.post("/api/check", json=post).json()["findings"]
    assert [f["quote"] for f in found] == ["Zephyrine Quillfeather"]
    engine.dispose()
