"""Speech ports (STT, TTS) and their adapters: Google Cloud, and local stand-ins for tests."""
