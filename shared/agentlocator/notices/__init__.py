"""Notices to agents and leads, sent durably: each one a Cloud Task, sent once by its ledger key."""
