"""Hebrew defaults the CRM seeds for every business (user-facing, so kept in one place)."""

from __future__ import annotations

from agentlocator.crm.models import StatusId

# (id, label, color): ids are the stable keys code refers to; labels are what staff see and edit.
DEFAULT_LEAD_STATUSES: tuple[tuple[StatusId, str, str], ...] = (
    (StatusId.NEW, "חדש", "#2563eb"),
    (StatusId.IN_PROGRESS, "בטיפול", "#d97706"),
    (StatusId.MEETING_SET, "נקבעה פגישה", "#16a34a"),
    (StatusId.NOT_RELEVANT, "לא רלוונטי", "#6b7280"),
    (StatusId.CLOSED, "נסגר", "#7c3aed"),
)
DEFAULT_STATUS_ID = StatusId.NEW

DEMO_BUSINESS_NAME = "נדל״ן השרון — משרד לדוגמה"
DEMO_AGENT_NAMES = ("דנה כהן", "יוסי לוי")

# Leah's callback requests become tasks with this title ({who}: the lead's name or phone).
CALLBACK_TASK_TITLE = "לחזור אל {who}"
