"""bench_vs_pipecat.py's parts: the shared fake services' timing model, the two stacks' servers
and the Twilio callers."""
