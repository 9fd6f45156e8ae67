"""A local SMTP server that keeps every message as an .eml file (aiosmtpd on loopback)."""

from __future__ import annotations

import itertools
import os
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class EmlFolderHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._seq = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._seq):05d}.eml"
        tmp = self.folder / (name + ".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # staff mail: owner-only, as the store
        with os.fdopen(fd, "wb") as f:
            f.write(envelope.content)
        tmp.rename(self.folder / name)  # readers never see half a message
        return "250 Message accepted for delivery"


class MailCatcher:
    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 8025) -> None:
        self.folder = folder
        self.controller = Controller(EmlFolderHandler(folder), hostname=host, port=port)

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def start(self) -> MailCatcher:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def read_folder(folder: Path) -> list[EmailMessage]:
    out = []
    for p in sorted(folder.glob("*.eml")):
        out.append(message_from_bytes(p.read_bytes(), policy=policy.default))
    return out  # type: ignore[return-value]
