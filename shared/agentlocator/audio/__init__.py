"""Pure audio core for phone calls: μ-law, 20 ms frames, VAD, end-of-turn and barge-in rules.

No I/O here: the media service feeds frames in and acts on the events that come out.
"""
