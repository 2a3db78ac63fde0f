"""FAQ knowledge base and Japanese search.

The sentence encoder's matrix products are tiny (one query at a time): a multi-threaded BLAS
only adds latency, and on a busy 2-core machine its spinning worker threads stall requests by
100–200 ms. Ask for one BLAS thread unless the deployment says otherwise; this must happen
before numpy is first imported, which is why it lives here (imported when apps load).
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
