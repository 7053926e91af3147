"""Messages about a bad cell of a range name it as a user counts (issue 21 D6): never NumPy's own spelling."""

import numpy as np
import pytest

from hedgebook.core import hedge_size, margin


@pytest.mark.parametrize("leverage, place", [
    ([[0.0], [3.0]], "(row 1)"),  # a column, as a range of one column comes from Excel
    ([[3.0, 0.0]], "(column 2)"),
    ([[3.0, 3.0], [3.0, -1.0]], "(row 2, column 2)"),
    (np.array([3.0, 3.0, 0.0]), "(row 3)"),
])
def test_a_bad_cell_is_named_by_row_and_column(leverage, place):
    with pytest.raises(ValueError) as error:
        margin(1_000, leverage)
    assert str(error.value).endswith(place) and "np." not in str(error.value)


def test_the_first_bad_cell_of_a_column_argument():
    with pytest.raises(ValueError, match=r"^price must be > 0, got -1\.0 \(row 2\)$"):
        hedge_size([1_000, 1_000], 0.5, 10_000, [[60_000], [-1]])
