"""Hearth's Django project configuration.

One BLAS thread per process, set before anything imports NumPy: a web worker answers one
request at a time, the search's matrix-vector product is memory-bound, and OpenBLAS's
idle threads spin on the CPU long after a call, starving the query-embedding model that
runs next (it took 90-150 ms instead of 10-20 ms on the 2-core machine; decision 0040).
Set the variable yourself to override.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
