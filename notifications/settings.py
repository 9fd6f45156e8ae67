"""The mail section of werkpad's settings (`WERKPAD_MAIL__*`): where and as whom we send.

A plain model: the one settings object (tasks/settings.py) reads the environment and fills
this section; notifications only receive it.
"""

from pydantic import BaseModel, ConfigDict, Field


class MailSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_timeout_seconds: float = 10.0
    sender: str = "werkpad@ijmondwerkt.nl"
    message_id_domain: str = "werkpad.ijmondwerkt.nl"  # right-hand side of our Message-IDs
