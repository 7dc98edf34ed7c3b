"""Pure speech helpers: WAV stripping, lookup recognition, the tone voice."""

import pytest

from agentlocator.audio.mulaw import mulaw_silence
from agentlocator.simulator.fixtures import utterance
from agentlocator.speech.lookup import LookupRecognizer, UtteranceTable, fingerprint
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.speech.wav import strip_wav_header, wav_mulaw


def test_wav_roundtrip_and_passthrough() -> None:
    body = bytes(range(256)) * 3
    wav = wav_mulaw(body)
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert strip_wav_header(wav) == body
    assert strip_wav_header(body) == body  # already bare


def test_wav_streaming_size_and_odd_chunks() -> None:
    body = b"\x01\x02\x03"
    wav = bytearray(wav_mulaw(body))
    data_at = wav.index(b"data")
    wav[data_at + 4 : data_at + 8] = b"\xff\xff\xff\xff"
    assert strip_wav_header(bytes(wav)) == body
    with pytest.raises(ValueError):
        strip_wav_header(b"RIFF\x04\x00\x00\x00WAVE")


def test_lookup_emits_interims_then_final_once() -> None:
    table = UtteranceTable()
    rooms = utterance("rooms")
    table.register(rooms.mulaw, rooms.text)
    recognizer = LookupRecognizer(table)
    results = []
    for i in range(0, len(rooms.mulaw), 160):
        results += recognizer.push(rooms.mulaw[i : i + 160])
    results += recognizer.push(mulaw_silence(1000))
    assert [r.is_final for r in results] == [False, False, True]
    assert results[-1].text == rooms.text
    assert len(results[0].text.split()) < len(results[1].text.split()) < 4


def test_lookup_finds_probes_across_odd_chunking_and_ignores_other_audio() -> None:
    table = UtteranceTable()
    table.register(utterance("ken").mulaw, "כן")
    recognizer = LookupRecognizer(table)
    assert recognizer.push(utterance("rooms").mulaw) == []
    audio = utterance("ken").mulaw
    finals = [
        r
        for i in range(0, len(audio), 97)
        for r in recognizer.push(audio[i : i + 97])
        if r.is_final
    ]
    assert [r.text for r in finals] == ["כן"]


def test_fingerprint_refuses_silence() -> None:
    with pytest.raises(ValueError):
        fingerprint(mulaw_silence(500))


def test_tone_voice_is_deterministic_and_follows_text_length() -> None:
    short, long = tone_speech("כן"), tone_speech("ארבעה חדרים בתל אביב, קומה שלישית")
    assert tone_speech("כן") == short
    assert len(long) > len(short)
    assert len(long) % 160 == 0


def test_registering_an_utterance_again_replaces_it_so_it_is_heard_once() -> None:
    # The simulator registers its lines before every call: the second call heard each line twice.
    table = UtteranceTable()
    rooms = utterance("rooms")
    for _ in range(3):
        table.register(rooms.mulaw, rooms.text)
    recognizer = LookupRecognizer(table)
    finals = [r for r in recognizer.push(rooms.mulaw + mulaw_silence(500)) if r.is_final]
    assert [r.text for r in finals] == [rooms.text]
    assert len(table) == 1


def test_registering_new_words_for_the_same_audio_replaces_the_transcript() -> None:
    table = UtteranceTable()
    ken = utterance("ken")
    table.register(ken.mulaw, "לא")
    table.register(ken.mulaw, ken.text)
    finals = [r for r in LookupRecognizer(table).push(ken.mulaw) if r.is_final]
    assert [r.text for r in finals] == [ken.text]
