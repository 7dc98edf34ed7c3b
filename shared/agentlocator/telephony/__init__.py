"""Twilio voice: webhook forms, signature checks, TwiML, the call lifecycle and recordings."""
