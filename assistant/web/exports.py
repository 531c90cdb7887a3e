"""Exported conversations: a private folder per browser, each file served only to the browser that made it.

Gradio serves every file in its cache to whoever asks for the file's URL (``/gradio_api/file=<path>``):
it checks that the path is in its cache, not which session the file was made for, and without a login
there is no user to check. So the app adds what is missing:

- :class:`ExportAccess` (plain ASGI middleware) gives every browser a random owner cookie
  (:data:`OWNER_COOKIE`: ``HttpOnly``, ``SameSite=Lax``) and answers 404 to a request for a file under
  the exports folder unless the request carries the cookie of the browser the file was written for.
- :class:`PrivateExports` writes a browser's exports to ``<root>/<folder>/``, where ``folder`` is an HMAC
  of its cookie under a key that never leaves the server process: unguessable, different for every
  browser, and the cookie cannot be read back from a URL. The root and every folder are created with
  mode ``0o700`` and files with ``0o600``, so no other account on the machine can list or read them.
- Files older than ``max_age`` seconds are deleted at the next export.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import time
from pathlib import Path

from assistant.atomic_files import write_text_atomically
from assistant.web.request_limits import ASGIApp, Message, Receive, Scope, Send

OWNER_COOKIE = "assistant_owner"
_OWNER = re.compile(r"[A-Za-z0-9_-]{43}")
# Gradio's file routes: /gradio_api/file=<path> and the older /gradio_api/file/<path>.
_FILE_ROUTE = re.compile(r"/file[=/](?P<target>.+)$")


def new_owner() -> str:
    """A fresh owner token for a browser's cookie (256 random bits)."""
    return secrets.token_urlsafe(32)


def valid_owner(value: object) -> bool:
    """Whether ``value`` has the form of an owner token made by :func:`new_owner`."""
    return isinstance(value, str) and _OWNER.fullmatch(value) is not None


def owner_from_cookie_header(header: str | None) -> str | None:
    """The owner token in a ``Cookie`` header, or ``None`` when there is none or it is malformed."""
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == OWNER_COOKIE and valid_owner(value):
            return value
    return None


def _private_dir(path: Path) -> Path:
    """Create ``path`` with mode 0o700, or make sure the existing one is this user's and private."""
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise PermissionError(f"{path} is not a folder of this user; refusing to write exports there")
    if stat.S_IMODE(info.st_mode) != 0o700:
        path.chmod(0o700)
    return path


class PrivateExports:
    """Exported files in private per-browser folders under ``root``.

    Args:
        root: The exports folder (created on first use, mode 0o700, with its parents when missing).
        max_age: Seconds an exported file is kept.
    """

    def __init__(self, root: Path, *, max_age: float = 3600.0) -> None:
        self.root = Path(os.path.abspath(root))
        self.max_age = max_age
        self._key = secrets.token_bytes(32)

    def folder_name(self, owner: str) -> str:
        """The folder of ``owner``'s exports: an HMAC of the token, so neither guessable nor reversible."""
        return hmac.new(self._key, owner.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def write(self, owner: str, name: str, text: str) -> Path:
        """Write ``text`` as ``name`` in ``owner``'s folder (mode 0o600) and return its path.

        Raises:
            ValueError: ``owner`` is not a token or ``name`` is not a plain file name.
            OSError: The file could not be written.
        """
        if not valid_owner(owner):
            raise ValueError("not an owner token")
        if Path(name).name != name or name in {"", ".", ".."}:
            raise ValueError(f"not a plain file name: {name!r}")
        self.sweep()
        self.root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _private_dir(self.root)
        folder = _private_dir(self.root / self.folder_name(owner))
        return write_text_atomically(folder / name, text)

    def may_fetch(self, target: str, owner: str | None) -> bool | None:
        """Whether a request for the file ``target`` from ``owner`` may be served.

        Returns:
            ``None`` when ``target`` is not under the exports folder (not for this class to decide);
            otherwise ``True`` only for a file in ``owner``'s own folder.
        """
        path = Path(os.path.abspath(target))
        relative: tuple[str, ...] | None = None
        for candidate, root in ((path, self.root), (path.resolve(), self.root.resolve())):
            if candidate == root or root in candidate.parents:
                relative = candidate.relative_to(root).parts
                break
        if relative is None:
            return None
        if not relative or owner is None or not valid_owner(owner):
            return False
        return hmac.compare_digest(relative[0], self.folder_name(owner))

    def sweep(self, now: float | None = None) -> int:
        """Delete exported files older than ``max_age`` and the folders left empty; return how many files."""
        if not self.root.is_dir():
            return 0
        cutoff = (time.time() if now is None else now) - self.max_age
        removed = 0
        for folder in self.root.iterdir():
            if not folder.is_dir() or folder.is_symlink():
                continue
            for file in folder.iterdir():
                try:
                    if file.lstat().st_mtime < cutoff:
                        file.unlink()
                        removed += 1
                except FileNotFoundError:
                    continue
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
        return removed


class ExportAccess:
    """Give each browser an owner cookie, and serve exported files only to the browser they were made for.

    Args:
        app: The ASGI application (Gradio's).
        exports: The exports whose files are guarded.
    """

    def __init__(self, app: ASGIApp, exports: PrivateExports) -> None:
        self.app = app
        self.exports = exports

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse another browser's export with 404; set the owner cookie on a browser that has none."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = b"; ".join(v for k, v in scope.get("headers") or [] if k.lower() == b"cookie")
        owner = owner_from_cookie_header(header.decode("latin-1"))
        match = _FILE_ROUTE.search(_path(scope))
        if match is not None and self.exports.may_fetch(match["target"], owner) is False:
            await _not_found(send)
            return
        if owner is not None:
            await self.app(scope, receive, send)
            return
        cookie = f"{OWNER_COOKIE}={new_owner()}; Path=/; HttpOnly; SameSite=Lax".encode()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*(message.get("headers") or []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _path(scope: Scope) -> str:
    """The decoded path as the router matches it (slashes kept: ``file//tmp/x`` names ``/tmp/x``)."""
    path = str(scope.get("path") or "/")
    root = str(scope.get("root_path") or "")
    return path[len(root) :] if root and path.startswith(root) else path


async def _not_found(send: Send) -> None:
    body = b"Not found.\n"
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
