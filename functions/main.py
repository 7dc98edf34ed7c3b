"""Cloud Functions entry points (functions-framework targets).

Each feature module defines its targets; this module re-exports them so one deployed source
directory serves every function (`--entry-point` picks one). Keep one import line per module.
"""

# ruff: noqa: F401

from crm import crm_api
from retention import purge_recordings
from voice import recording_status, voice_incoming, voice_status
from whatsapp import baileys_inbound, whatsapp_inbound, whatsapp_send_task
