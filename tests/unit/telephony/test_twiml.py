"""The TwiML the voice webhook answers with, read back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from agentlocator.telephony import texts_he, twiml

CALLBACK = twiml.RecordingCallback("https://voice.example.co.il/recording_status")


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.encode())


def test_media_stream_twiml_records_first_then_connects_with_parameters() -> None:
    root = parse(
        twiml.connect_media_stream(
            "wss://media.example.co.il/media",
            {"business_id": "b1", "call_sid": "CA1", "token": "v1.1.x"},
            CALLBACK,
        )
    )
    assert [child.tag for child in root] == ["Start", "Connect"]
    recording = root.find("Start/Recording")
    assert recording is not None
    assert recording.attrib["recordingStatusCallback"] == CALLBACK.url
    assert recording.attrib["recordingStatusCallbackEvent"] == "completed absent"
    assert recording.attrib["channels"] == "dual"
    stream = root.find("Connect/Stream")
    assert stream is not None and stream.attrib["url"] == "wss://media.example.co.il/media"
    params = {p.attrib["name"]: p.attrib["value"] for p in stream.findall("Parameter")}
    assert params == {"business_id": "b1", "call_sid": "CA1", "token": "v1.1.x"}


def test_media_stream_without_recording_has_no_start() -> None:
    root = parse(twiml.connect_media_stream("wss://m/media", {}, None))
    assert [child.tag for child in root] == ["Connect"]


def test_unknown_number_says_a_hebrew_line_and_hangs_up() -> None:
    root = parse(twiml.unknown_number())
    assert [child.tag for child in root] == ["Say", "Hangup"]
    say = root[0]
    assert say.text == texts_he.UNKNOWN_NUMBER
    assert say.attrib["language"] == "he-IL"
    assert say.attrib["voice"].startswith("Google.he-IL")


def test_voicemail_invites_a_message_and_records_it_with_the_callback() -> None:
    root = parse(twiml.voicemail("נדל״ן השרון", "Google.he-IL-Wavenet-B", CALLBACK))
    assert [child.tag for child in root] == ["Say", "Record", "Hangup"]
    assert root[0].text is not None and "נדל״ן השרון" in root[0].text
    assert root[0].attrib["voice"] == "Google.he-IL-Wavenet-B"
    record = root[1]
    assert record.attrib["recordingStatusCallback"] == CALLBACK.url
    assert "action" not in record.attrib  # Twilio comes back to the same webhook
    assert int(record.attrib["maxLength"]) == twiml.VOICEMAIL_MAX_SECONDS


def test_voicemail_done_thanks_and_hangs_up() -> None:
    root = parse(twiml.voicemail_done("Google.he-IL-Wavenet-A"))
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert root[0].text == texts_he.VOICEMAIL_THANKS


def test_say_voice_names_the_business_google_voice_as_twilio_does() -> None:
    assert twiml.say_voice("he-IL-Wavenet-C") == "Google.he-IL-Wavenet-C"
    assert twiml.say_voice("Google.he-IL-Standard-A") == "Google.he-IL-Standard-A"
    assert twiml.say_voice(None) == twiml.DEFAULT_SAY_VOICE


def test_technical_difficulty_apologises_in_hebrew_and_hangs_up() -> None:
    root = parse(twiml.technical_difficulty())
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert root[0].text == texts_he.TECHNICAL_DIFFICULTY
    assert root[0].attrib["language"] == "he-IL"
