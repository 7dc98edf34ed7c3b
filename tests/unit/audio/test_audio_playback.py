from agentlocator.audio.playback import PlaybackLedger


def ledger_with_two_clauses() -> PlaybackLedger:
    ledger = PlaybackLedger("t1")
    ledger.add_clause("שלום, אני לאה", 1600)
    ledger.audio_sent(800)
    ledger.audio_sent(800)
    ledger.add_clause("איך אפשר לעזור לך היום?", 2000)
    ledger.audio_sent(1000)
    ledger.audio_sent(1000)
    return ledger


def test_nothing_heard_before_any_mark() -> None:
    ledger = ledger_with_two_clauses()
    assert ledger.heard_text() == ""
    assert ledger.pending_marks == 4
    assert not ledger.fully_heard


def test_all_marks_echoed_is_the_full_text() -> None:
    ledger = ledger_with_two_clauses()
    for n in range(1, 5):
        assert ledger.mark_echoed(f"t1:{n}")
    assert ledger.fully_heard
    assert ledger.heard_text() == ledger.full_text() == "שלום, אני לאה איך אפשר לעזור לך היום?"


def test_cut_mid_clause_keeps_the_played_share_of_words() -> None:
    ledger = ledger_with_two_clauses()
    ledger.mark_echoed("t1:1")
    assert ledger.heard_text() == "שלום,"  # half of 3 words, rounded down
    ledger.mark_echoed("t1:2")
    ledger.mark_echoed("t1:3")
    assert ledger.heard_text() == "שלום, אני לאה איך אפשר"


def test_marks_of_another_turn_are_ignored() -> None:
    ledger = ledger_with_two_clauses()
    assert not ledger.mark_echoed("t0:1")
    assert not ledger.mark_echoed("t1:99")
    assert ledger.heard_bytes == 0


def test_out_of_order_echo_keeps_the_furthest_point() -> None:
    ledger = ledger_with_two_clauses()
    ledger.mark_echoed("t1:2")
    ledger.mark_echoed("t1:1")
    assert ledger.heard_bytes == 1600
    assert ledger.heard_text() == "שלום, אני לאה"
