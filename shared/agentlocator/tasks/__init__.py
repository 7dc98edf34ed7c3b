"""Cloud Tasks: HTTP tasks that call back into our functions (emulator locally)."""
