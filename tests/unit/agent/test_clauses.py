from agentlocator.agent.clauses import ClauseSplitter


def stream(tokens: list[str]) -> list[str]:
    splitter = ClauseSplitter()
    out = [clause for token in tokens for clause in splitter.push(token)]
    return out + splitter.flush()


def test_the_first_clause_ends_at_the_first_comma_then_at_sentence_ends() -> None:
    tokens = ["מצוין", ",", " ארבעה", " חדרים", ", בתל", " אביב", ".", " מה", " התקציב", "?"]
    assert stream(tokens) == ["מצוין,", "ארבעה חדרים, בתל אביב.", "מה התקציב?"]


def test_the_first_clause_is_cut_as_soon_as_the_next_word_starts() -> None:
    splitter = ClauseSplitter()
    assert splitter.push("מצוין,") == []  # could be "3," of "3,500": wait for the space
    assert splitter.push(" ארבעה") == ["מצוין,"]


def test_numbers_are_never_split() -> None:
    assert stream(["התקציב", " 3", ",", "500", ",000", " שקל", ".", " נכון", "?"]) == [
        "התקציב 3,500,000 שקל.",
        "נכון?",
    ]
    assert stream(["יש", " 4", ".", "5", " חדרים", "."]) == ["יש 4.5 חדרים."]


def test_a_reply_without_marks_is_one_clause() -> None:
    assert stream(["שלום", " לך"]) == ["שלום לך"]
    assert stream([]) == []
