"""Business hours, Israeli holidays, free slots and Hebrew date/time phrases: pure, no I/O."""
