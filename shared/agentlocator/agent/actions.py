"""What a turn asks the brain to do; the offline engine and the LLM tools produce the same ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SaveLeadDetails:
    details: dict[str, Any]


@dataclass(frozen=True)
class BookMeeting:
    start: datetime
    end: datetime
    agent_id: str | None


@dataclass(frozen=True)
class MoveMeeting:
    appointment_id: str
    start: datetime
    end: datetime
    agent_id: str | None


@dataclass(frozen=True)
class CancelMeeting:
    appointment_id: str


@dataclass(frozen=True)
class SetStatus:
    status_id: str


@dataclass(frozen=True)
class RequestCallback:
    reason: str


@dataclass(frozen=True)
class AddNote:
    text: str


Action = (
    SaveLeadDetails
    | BookMeeting
    | MoveMeeting
    | CancelMeeting
    | SetStatus
    | RequestCallback
    | AddNote
)
