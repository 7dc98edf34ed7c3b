"""Recording retention: which call recordings are due for deletion, and the purge that deletes
them from Twilio and Cloud Storage and marks the call. See docs/retention.md.

``policy``, ``selection``, ``trigger`` and ``service`` are pure (no I/O); the adapters that talk
to Twilio, Cloud Storage and Firestore live in ``adapters`` and are wired in ``wiring``.
"""
