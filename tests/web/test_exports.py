"""Exported conversations live in private per-browser folders and are served only to the browser that made them."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.web.exports import (
    OWNER_COOKIE,
    ExportAccess,
    PrivateExports,
    new_owner,
    owner_from_cookie_header,
    valid_owner,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_each_owner_gets_a_private_unguessable_folder(tmp_path: Path) -> None:
    exports = PrivateExports(tmp_path / "exports")
    alice, bob = new_owner(), new_owner()
    a = exports.write(alice, "conversation.md", "alice's questions")
    b = exports.write(bob, "conversation.md", "bob's questions")
    assert a.parent != b.parent and a.parent.parent == b.parent.parent == exports.root
    assert a.read_text() == "alice's questions"
    assert alice not in str(a) and len(a.parent.name) == 32  # the cookie is not in the URL
    assert exports.write(alice, "second.md", "again").parent == a.parent
    assert PrivateExports(tmp_path / "exports").folder_name(alice) != a.parent.name  # keyed per server process
    assert _mode(exports.root) == _mode(a.parent) == 0o700
    assert _mode(a) == 0o600


def test_an_existing_shared_root_is_made_private(tmp_path: Path) -> None:
    root = tmp_path / "exports"
    root.mkdir(mode=0o777)
    root.chmod(0o777)
    PrivateExports(root).write(new_owner(), "c.md", "x")
    assert _mode(root) == 0o700


def test_a_symlinked_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "exports").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(PermissionError):
        PrivateExports(tmp_path / "exports").write(new_owner(), "c.md", "x")


@pytest.mark.parametrize("name", ["", ".", "..", "../escape.md", "sub/c.md"])
def test_only_plain_file_names_are_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        PrivateExports(tmp_path / "exports").write(new_owner(), name, "x")


def test_only_the_owner_may_fetch(tmp_path: Path) -> None:
    exports = PrivateExports(tmp_path / "exports")
    alice, bob = new_owner(), new_owner()
    path = str(exports.write(alice, "c.md", "x"))
    assert exports.may_fetch(path, alice) is True
    assert exports.may_fetch(path, bob) is False
    assert exports.may_fetch(path, None) is False
    assert exports.may_fetch(path, "not-a-token") is False
    assert exports.may_fetch(str(exports.root), alice) is False  # the folder itself
    detour = str(exports.root / "x" / ".." / exports.folder_name(alice) / "c.md")
    assert exports.may_fetch(detour, bob) is False and exports.may_fetch(detour, alice) is True
    assert exports.may_fetch(str(tmp_path / "other.md"), bob) is None  # not an export: not ours to decide


def test_old_exports_are_swept(tmp_path: Path) -> None:
    exports = PrivateExports(tmp_path / "exports", max_age=60)
    old = exports.write(new_owner(), "old.md", "x")
    os.utime(old, (time.time() - 120, time.time() - 120))
    fresh = exports.write(new_owner(), "fresh.md", "y")  # writing sweeps
    assert not old.exists() and not old.parent.exists()
    assert fresh.exists()


def test_cookie_header_parsing() -> None:
    owner = new_owner()
    assert valid_owner(owner) and not valid_owner(owner[:-1]) and not valid_owner(None)
    assert owner_from_cookie_header(f"a=1; {OWNER_COOKIE}={owner}; b=2") == owner
    assert owner_from_cookie_header(f"{OWNER_COOKIE}=../../etc") is None
    assert owner_from_cookie_header(None) is None


def _request(access: ExportAccess, path: str, cookie: str | None = None) -> tuple[int, list[tuple[bytes, bytes]]]:
    sent: list[dict[str, Any]] = []
    headers = [(b"cookie", cookie.encode())] if cookie else []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": headers}
    asyncio.run(access(scope, None, send))  # type: ignore[arg-type]
    return int(sent[0]["status"]), list(sent[0]["headers"])


async def _ok(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"file"})


def test_middleware_serves_an_export_only_with_its_owner_cookie(tmp_path: Path) -> None:
    exports = PrivateExports(tmp_path / "exports")
    access = ExportAccess(_ok, exports)
    alice, bob = new_owner(), new_owner()
    path = str(exports.write(alice, "c.md", "x"))
    assert _request(access, f"/gradio_api/file={path}", f"{OWNER_COOKIE}={alice}")[0] == 200
    assert _request(access, f"/gradio_api/file={path}", f"{OWNER_COOKIE}={bob}")[0] == 404
    assert _request(access, f"/gradio_api/file={path}")[0] == 404
    assert _request(access, f"/gradio_api/file/{path}", f"{OWNER_COOKIE}={bob}")[0] == 404  # the older route
    assert _request(access, f"/gradio_api/file=/tmp/../{path}", f"{OWNER_COOKIE}={bob}")[0] == 404
    assert _request(access, "/gradio_api/file=/etc/hostname", f"{OWNER_COOKIE}={bob}")[0] == 200  # Gradio decides


def test_middleware_gives_a_browser_without_a_cookie_one(tmp_path: Path) -> None:
    access = ExportAccess(_ok, PrivateExports(tmp_path / "exports"))
    status, headers = _request(access, "/")
    cookies = [v.decode() for k, v in headers if k == b"set-cookie"]
    assert status == 200 and len(cookies) == 1
    assert cookies[0].startswith(f"{OWNER_COOKIE}=") and "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert valid_owner(cookies[0].split(";")[0].split("=", 1)[1])
    _status, headers = _request(access, "/", cookies[0].split(";")[0])
    assert not [v for k, v in headers if k == b"set-cookie"]
