"""TwiML for the handoff from Leah to a person (twilio's own ``VoiceResponse``)."""

from __future__ import annotations

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from agentlocator.telephony import texts_he
from agentlocator.telephony.twiml import RecordingCallback, voicemail

DIAL_TIMEOUT_SECONDS = 20
# After the whisper, how long the agent has to press a key before the leg hangs up.
ACCEPT_SECONDS = 8


def _say(response: VoiceResponse, text: str, voice: str) -> None:
    response.say(text, voice=voice, language=texts_he.SAY_LANGUAGE)


def dial_agent(
    agent_phone: str, caller_id: str, voice: str, action_url: str, timeout_s: int
) -> str:
    """Ring the agent; Twilio posts ``DialCallStatus`` to ``action_url`` when the leg ends."""
    response = VoiceResponse()
    _say(response, texts_he.HANDOFF_PLEASE_HOLD, voice)
    dial = Dial(action=action_url, method="POST", timeout=timeout_s, caller_id=caller_id)
    dial.number(agent_phone)
    response.append(dial)
    return str(response.to_xml())


def wait_in_conference(room: str, voice: str, action_url: str) -> str:
    """The caller waits in the handoff conference; it ends when the caller or agent leaves."""
    response = VoiceResponse()
    _say(response, texts_he.HANDOFF_PLEASE_HOLD, voice)
    dial = Dial(action=action_url, method="POST")
    dial.conference(
        room,
        start_conference_on_enter=False,  # hold music until the agent (who starts it) joins
        end_conference_on_exit=True,
        beep=False,
    )
    response.append(dial)
    return str(response.to_xml())


def agent_whisper(summary: str, voice: str, accept_url: str) -> str:
    """The agent leg: the whispered summary, then a key press joins (``accept_url`` answers
    the conference). No key (hung up, or a voicemail answered): the leg ends unjoined and its
    status callback takes the caller out of the conference."""
    response = VoiceResponse()
    gather = Gather(
        num_digits=1,
        action=accept_url,
        method="POST",
        timeout=ACCEPT_SECONDS,
        action_on_empty_result=False,
    )
    gather.say(
        texts_he.HANDOFF_WHISPER.format(summary=summary),
        voice=voice,
        language=texts_he.SAY_LANGUAGE,
    )
    response.append(gather)
    response.hangup()
    return str(response.to_xml())


def agent_joins(room: str) -> str:
    """The agent pressed a key: into the caller's conference (starting it)."""
    response = VoiceResponse()
    dial = Dial()
    dial.conference(room, start_conference_on_enter=True, end_conference_on_exit=True, beep=False)
    response.append(dial)
    return str(response.to_xml())


def agent_too_late(voice: str) -> str:
    response = VoiceResponse()
    _say(response, texts_he.HANDOFF_AGENT_TOO_LATE, voice)
    response.hangup()
    return str(response.to_xml())


def no_answer_voicemail(business_name: str, voice: str, recording: RecordingCallback) -> str:
    return voicemail(business_name, voice, recording, prompt=texts_he.HANDOFF_NO_ANSWER)


def closed_callback(voice: str) -> str:
    response = VoiceResponse()
    _say(response, texts_he.HANDOFF_CLOSED, voice)
    response.hangup()
    return str(response.to_xml())


def say_then(text: str, voice: str, twiml_after: str) -> str:
    """``text`` said before another response's verbs (back to Leah: a line, then the stream)."""
    head = VoiceResponse()
    _say(head, text, voice)
    spoken = str(head.to_xml()).split("<Response>", 1)[1].rsplit("</Response>", 1)[0]
    return twiml_after.replace("<Response>", "<Response>" + spoken, 1)


def hang_up() -> str:
    response = VoiceResponse()
    response.hangup()
    return str(response.to_xml())


def empty() -> str:
    """Nothing to do (a status callback's answer: Twilio ignores it)."""
    return str(VoiceResponse().to_xml())
