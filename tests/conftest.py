import os

# scikit-learn's array-API check runs only when SciPy sees this at import time; it
# confirms that turning array-API dispatch on changes nothing for our estimators.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

from hypothesis import settings

# Deterministic, bounded property tests: CI runs on two cores.
settings.register_profile("glassnet", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("glassnet")
