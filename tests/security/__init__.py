"""The attack suite (issue 13): attacks replayed against the running local stack."""
