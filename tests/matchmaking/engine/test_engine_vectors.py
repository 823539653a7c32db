"""Sparse helpers: row replacement used by single-profile refreshes."""

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaking.engine.vectors import replace_row

M = sp.random(6, 8, density=0.4, format="csr", dtype=np.float32, random_state=1)
ROW = sp.random(1, 8, density=0.5, format="csr", dtype=np.float32, random_state=2)
EMPTY = sp.csr_matrix((1, 8), dtype=np.float32)


@pytest.mark.parametrize("row", [ROW, EMPTY])
@pytest.mark.parametrize("i", range(7))
def test_replace_row_equals_stacking(i, row):
    expected = np.vstack([M.toarray()[:i], row.toarray(), M.toarray()[i + 1 :]])
    assert np.array_equal(replace_row(M, i, row).toarray(), expected)
