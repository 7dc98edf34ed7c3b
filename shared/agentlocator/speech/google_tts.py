"""Google Cloud Text-to-Speech adapter: he-IL, MULAW 8 kHz, WAV header stripped."""

from __future__ import annotations

from google.cloud import texttospeech_v1 as tts

from agentlocator.speech.wav import strip_wav_header

LANGUAGE = "he-IL"


class GoogleTextToSpeech:
    def __init__(
        self,
        client: tts.TextToSpeechAsyncClient,
        voice: str = "he-IL-Wavenet-A",
        speaking_rate: float = 1.0,
        timeout_s: float = 10.0,
    ) -> None:
        self._client = client
        self.voice = voice
        self.speaking_rate = speaking_rate
        self.timeout_s = timeout_s

    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        response = await self._client.synthesize_speech(
            request=tts.SynthesizeSpeechRequest(
                input=tts.SynthesisInput(text=text),
                voice=tts.VoiceSelectionParams(language_code=LANGUAGE, name=voice or self.voice),
                audio_config=tts.AudioConfig(
                    audio_encoding=tts.AudioEncoding.MULAW,
                    sample_rate_hertz=8000,
                    speaking_rate=self.speaking_rate,
                ),
            ),
            timeout=self.timeout_s,
        )
        return strip_wav_header(response.audio_content)
