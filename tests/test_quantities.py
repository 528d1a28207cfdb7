

def test_a_range_whose_upper_end_is_zero_does_not_crash():
    """Regression: "tra 0 e 0 euro" divided by zero while reading the range (found on a Wikinews sentence)."""
    from kg.extract.quantities import find_quantities

    for text in ("tra 0 e 0 euro", "Tra 3 e 0,0 milioni di euro.", "costa 3-0 euro in più"):
        found = find_quantities(text, "it")
        assert [q.value for q in found] == [0]
