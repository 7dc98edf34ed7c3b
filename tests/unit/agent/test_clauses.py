from agentlocator.agent.clauses import ClauseSplitter


def stream(tokens: list[str]) -> list[str]:
    splitter = ClauseSplitter()
    out = [clause for token in tokens for clause in splitter.push(token)]
    return out + splitter.flush()


def test_the_first_clause_ends_at_the_first_comma_then_at_sentence_ends() -> None:
    tokens = ["מצוין", ",", " ארבעה", " חדרים", ", בתל", " אביב", ".", " מה", " התקציב", "?"]
    assert stream(tokens) == ["מצוין,", "ארבעה חדרים, בתל אביב.", "מה התקציב?"]


def test_the_first_clause_is_cut_at_once_after_a_word_and_after_a_digit_on_the_space() -> None:
    splitter = ClauseSplitter()
    assert splitter.push("מצוין,") == ["מצוין,"]  # a comma after a word: no need to wait
    assert splitter.push(" ארבעה") == []
    numbers = ClauseSplitter()
    assert numbers.push("בערך 3,") == []  # could be "3,500": wait for what follows
    assert numbers.push(" או 4") == ["בערך 3,"]


def test_numbers_are_never_split() -> None:
    assert stream(["התקציב", " 3", ",", "500", ",000", " שקל", ".", " נכון", "?"]) == [
        "התקציב 3,500,000 שקל.",
        "נכון?",
    ]
    assert stream(["יש", " 4", ".", "5", " חדרים", "."]) == ["יש 4.5 חדרים."]


def test_a_reply_without_marks_is_one_clause() -> None:
    assert stream(["שלום", " לך"]) == ["שלום לך"]
    assert stream([]) == []
