"""`qa bench`: speed and memory of ingest, asking, cold start and the terminal UI, against targets.

Figures come from real runs of the real stack on this machine (no mocks); the run writes
a table on stdout and every number as JSON. Modules:

    corpora   the benchmark corpora (a ~500-passage SciFact sample, a cached 5k-document corpus)
    measure   the measurements (in-process ingest/encode, subprocess cold start, pty first paint)
    worker    the warm-ask process (`python -m bench.worker`): latencies and its own peak RSS
    report    targets, the table and the JSON
    run       the whole benchmark in order
"""
