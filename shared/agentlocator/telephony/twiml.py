"""TwiML the voice webhook answers with, built with twilio's own ``VoiceResponse``.

Recording: ``<Start><Recording>`` (GA since Nov 2025) starts a dual-channel call recording
before anything else runs and hands the finished file to ``recordingStatusCallback``. ``<Dial
record>`` does not apply to ``<Connect>``, and the Recordings REST API needs the call already
in progress, which it is not while Twilio waits for this webhook's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from twilio.twiml.voice_response import Connect, Start, VoiceResponse

from agentlocator.telephony import texts_he

# Twilio plays Google voices named "Google.<voice>"; Twilio's own man/woman voices have no Hebrew.
DEFAULT_SAY_VOICE = "Google.he-IL-Wavenet-A"
RECORDING_EVENTS = "completed absent"
VOICEMAIL_MAX_SECONDS = 120


@dataclass(frozen=True)
class RecordingCallback:
    """Where Twilio posts the recording's status (the ``recording_status`` function)."""

    url: str
    events: str = RECORDING_EVENTS


def say_voice(tts_voice: str | None) -> str:
    """The business's Google voice (``he-IL-Wavenet-A``) as Twilio names it."""
    if not tts_voice:
        return DEFAULT_SAY_VOICE
    return tts_voice if tts_voice.startswith("Google.") else f"Google.{tts_voice}"


def _say(response: VoiceResponse, text: str, voice: str) -> None:
    response.say(text, voice=voice, language=texts_he.SAY_LANGUAGE)


def connect_media_stream(
    media_stream_url: str,
    parameters: Mapping[str, str],
    recording: RecordingCallback | None,
    action: str | None = None,
) -> str:
    """Record the call (when asked) and hand its audio to the media service (Leah). When the
    stream ends with the caller still on the line, Twilio requests ``action`` (the handoff)."""
    response = VoiceResponse()
    if recording is not None:
        start = Start()
        start.recording(
            recording_status_callback=recording.url,
            recording_status_callback_method="POST",
            recording_status_callback_event=recording.events,
            channels="dual",
            track="both",
        )
        response.append(start)
    connect = Connect(action=action, method="POST") if action else Connect()
    stream = connect.stream(url=media_stream_url)
    for name, value in parameters.items():
        stream.parameter(name=name, value=value)
    response.append(connect)
    return str(response.to_xml())


def unknown_number() -> str:
    """A number nobody owns: a short polite Hebrew line, then hang up."""
    response = VoiceResponse()
    _say(response, texts_he.UNKNOWN_NUMBER, DEFAULT_SAY_VOICE)
    response.hangup()
    return str(response.to_xml())


def technical_difficulty() -> str:
    """Our side failed while answering: apologise in Hebrew and hang up."""
    response = VoiceResponse()
    _say(response, texts_he.TECHNICAL_DIFFICULTY, DEFAULT_SAY_VOICE)
    response.hangup()
    return str(response.to_xml())


def voicemail(
    business_name: str,
    voice: str,
    recording: RecordingCallback,
    prompt: str = texts_he.VOICEMAIL_PROMPT,
) -> str:
    """Invite a message and record it (after hours, or when the caller id is withheld).

    ``<Record>`` without ``action`` makes Twilio request this same webhook again when the
    recording ends (with ``RecordingUrl``); the webhook then answers ``voicemail_done``.
    """
    response = VoiceResponse()
    _say(response, prompt.format(business=business_name), voice)
    response.record(
        max_length=VOICEMAIL_MAX_SECONDS,
        play_beep=True,
        timeout=5,
        recording_status_callback=recording.url,
        recording_status_callback_method="POST",
        recording_status_callback_event=recording.events,
    )
    # Reached only when <Record> heard nothing (no message to thank for).
    response.hangup()
    return str(response.to_xml())


def voicemail_done(voice: str) -> str:
    response = VoiceResponse()
    _say(response, texts_he.VOICEMAIL_THANKS, voice)
    response.hangup()
    return str(response.to_xml())
