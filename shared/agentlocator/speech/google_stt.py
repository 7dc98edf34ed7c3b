"""Google Cloud Speech-to-Text streaming adapter: he-IL, MULAW 8 kHz straight from Twilio.

A streaming recognition is limited to about 5 minutes, so each call's recognition is a chain of
streams. The adapter rotates after ``rotate_after_s`` of audio, at the next quiet chunk (so no
word is split between two streams), and unconditionally at ``hard_limit_s``. The old stream is
half-closed (the service then finalizes what it heard) while the new one already receives the
next audio: no audio is dropped and results of both are merged in order of arrival.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterable, AsyncIterator

from google.api_core import exceptions as gexc
from google.cloud import speech_v1 as speech

from agentlocator.audio.mulaw import SAMPLE_RATE, mulaw_to_pcm, pcm_dbfs
from agentlocator.speech.ports import Transcript

log = logging.getLogger(__name__)

LANGUAGE = "he-IL"


class GoogleSpeechToText:
    """- ``rotate_after_s``: audio seconds after which a stream is replaced at the next quiet
      chunk. 240 s leaves a minute of margin under Google's ~305 s limit for a long sentence.
    - ``hard_limit_s``: rotate even mid-speech (a caller talking for a minute without pause).
    - ``quiet_dbfs``: a chunk below this level counts as a pause."""

    def __init__(
        self,
        client: speech.SpeechAsyncClient,
        model: str | None = None,
        rotate_after_s: float = 240.0,
        hard_limit_s: float = 290.0,
        quiet_dbfs: float = -45.0,
    ) -> None:
        self._client = client
        self.model = model
        self.rotate_after_s = rotate_after_s
        self.hard_limit_s = hard_limit_s
        self.quiet_dbfs = quiet_dbfs

    def config(self) -> speech.StreamingRecognitionConfig:
        recognition = speech.RecognitionConfig(
            encoding=speech.RecognitionConfig.AudioEncoding.MULAW,
            sample_rate_hertz=SAMPLE_RATE,
            audio_channel_count=1,
            language_code=LANGUAGE,
            enable_automatic_punctuation=True,
        )
        if self.model:
            recognition.model = self.model
        return speech.StreamingRecognitionConfig(config=recognition, interim_results=True)

    def open_stream(self) -> GoogleRecognitionStream:
        return GoogleRecognitionStream(self)


class GoogleRecognitionStream:
    def __init__(self, owner: GoogleSpeechToText) -> None:
        self._owner = owner
        self._audio: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._results: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self._carry: bytes | None = None  # the chunk that triggered a rotation
        self._closing = False
        self.streams_opened = 0
        self._runner = asyncio.get_running_loop().create_task(self._run())

    def send(self, mulaw: bytes) -> None:
        if not self._closing:
            self._audio.put_nowait(mulaw)

    async def results(self) -> AsyncIterator[Transcript]:
        while (item := await self._results.get()) is not None:
            yield item

    async def aclose(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._audio.put_nowait(None)
        try:
            await asyncio.wait_for(asyncio.shield(self._runner), 5.0)
        except TimeoutError:
            self._runner.cancel()
        finally:
            self._results.put_nowait(None)

    def _rotation_due(self, seconds: float, chunk: bytes) -> bool:
        owner = self._owner
        if seconds >= owner.hard_limit_s:
            return True
        return seconds >= owner.rotate_after_s and pcm_dbfs(mulaw_to_pcm(chunk)) < owner.quiet_dbfs

    async def _requests(
        self, ended: asyncio.Event, stopped: asyncio.Event
    ) -> AsyncIterator[speech.StreamingRecognizeRequest]:
        try:
            async for request in self._request_body(ended):
                yield request
        finally:
            stopped.set()

    async def _request_body(
        self, ended: asyncio.Event
    ) -> AsyncIterator[speech.StreamingRecognizeRequest]:
        yield speech.StreamingRecognizeRequest(streaming_config=self._owner.config())
        seconds = 0.0
        while True:
            if self._carry is not None:
                chunk, self._carry = self._carry, None
            else:
                item = await self._audio.get()
                if item is None:
                    ended.set()
                    return
                chunk = item
            if seconds > 0 and self._rotation_due(seconds, chunk):
                self._carry = chunk  # first audio of the next stream
                return
            seconds += len(chunk) / SAMPLE_RATE
            yield speech.StreamingRecognizeRequest(audio_content=chunk)

    async def _read(self, responses: AsyncIterable[speech.StreamingRecognizeResponse]) -> None:
        async for response in responses:
            for result in response.results:
                if not result.alternatives:
                    continue
                self._results.put_nowait(
                    Transcript(
                        result.alternatives[0].transcript.strip(),
                        bool(result.is_final),
                        float(result.stability),
                    )
                )

    async def _run(self) -> None:
        readers: set[asyncio.Task[None]] = set()
        ended = asyncio.Event()
        try:
            while not ended.is_set():
                self.streams_opened += 1
                stopped = asyncio.Event()
                try:
                    responses = await self._owner._client.streaming_recognize(
                        requests=self._requests(ended, stopped)
                    )
                except gexc.GoogleAPICallError as exc:
                    log.warning("speech stream failed to open: %s", exc)
                    await asyncio.sleep(0.2)
                    continue
                reader = asyncio.get_running_loop().create_task(self._read_logged(responses))
                readers.add(reader)
                reader.add_done_callback(readers.discard)
                # next stream when this one's requests stop (rotation, close) or it failed
                waiter = asyncio.get_running_loop().create_task(stopped.wait())
                await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
        finally:
            for reader in readers:
                reader.cancel()

    async def _read_logged(
        self, responses: AsyncIterable[speech.StreamingRecognizeResponse]
    ) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            try:
                await self._read(responses)
            except gexc.GoogleAPICallError as exc:
                log.warning("speech stream ended with an error: %s", exc)
