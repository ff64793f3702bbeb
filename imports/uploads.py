"""Uploaded files waiting between preview and apply, and error reports, in the instance folder.

Files are named by a random token (never by the user's file name); the metadata beside each
upload records who sent it. Nothing is kept in the session cookie. Old files are purged.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOKEN = re.compile(r"[0-9a-f]{32}")
UPLOAD_TTL = 24 * 3600
REPORT_TTL = 7 * 24 * 3600


@dataclass
class Upload:
    token: str
    data: bytes
    file_name: str
    user_id: int | None


class UploadStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, token: str) -> tuple[Path, Path]:
        return self.folder / f"{token}.upload", self.folder / f"{token}.json"

    def save(self, data: bytes, file_name: str, user_id: int | None) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.purge()
        token = secrets.token_hex(16)
        upload, meta = self._paths(token)
        upload.write_bytes(data)
        meta.write_text(json.dumps({"file_name": file_name, "user_id": user_id}))
        return token

    def load(self, token: str) -> Upload | None:
        if not TOKEN.fullmatch(token or ""):
            return None
        upload, meta = self._paths(token)
        try:
            info: dict[str, Any] = json.loads(meta.read_text())
            return Upload(token, upload.read_bytes(), info["file_name"], info.get("user_id"))
        except (OSError, ValueError, KeyError):
            return None

    def delete(self, token: str) -> None:
        if TOKEN.fullmatch(token or ""):
            for path in self._paths(token):
                path.unlink(missing_ok=True)

    def report_path(self, batch_id: int) -> Path:
        return self.folder / f"report-{int(batch_id)}.xlsx"

    def purge(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            ttl = REPORT_TTL if path.name.startswith("report-") else UPLOAD_TTL
            try:
                if now - path.stat().st_mtime > ttl:
                    path.unlink(missing_ok=True)
            except OSError:
                continue
