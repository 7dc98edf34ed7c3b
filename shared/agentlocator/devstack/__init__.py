"""The local stack: official emulators and local stand-ins started as child processes.

Used by ``make run``, the test session fixture and the ``agentlocator`` CLI, so all three start
the same things the same way.
"""
