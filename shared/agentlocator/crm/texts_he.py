"""Hebrew defaults the CRM seeds for every business (user-facing, so kept in one place)."""

from __future__ import annotations

# (id, label, color): ids are stable keys code refers to; labels are what staff see and may edit.
DEFAULT_LEAD_STATUSES: tuple[tuple[str, str, str], ...] = (
    ("new", "חדש", "#2563eb"),
    ("in_progress", "בטיפול", "#d97706"),
    ("meeting_set", "נקבעה פגישה", "#16a34a"),
    ("not_relevant", "לא רלוונטי", "#6b7280"),
    ("closed", "נסגר", "#7c3aed"),
)
DEFAULT_STATUS_ID = "new"
MEETING_SET_STATUS_ID = "meeting_set"
NOT_RELEVANT_STATUS_ID = "not_relevant"

DEMO_BUSINESS_NAME = "נדל״ן השרון — משרד לדוגמה"
DEMO_AGENT_NAMES = ("דנה כהן", "יוסי לוי")

# Leah's callback requests become tasks with this title ({who}: the lead's name or phone).
CALLBACK_TASK_TITLE = "לחזור אל {who}"
