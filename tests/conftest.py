import numpy as np
import pytest
from hypothesis import settings

# Deterministic, bounded property tests: CI runs on two cores.
settings.register_profile("glassnet", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("glassnet")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
