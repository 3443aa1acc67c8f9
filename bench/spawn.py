"""Run a command and report its wall time and peak RSS: `python -I -S spawn.py OUT.json CMD...`.

Stand-alone (standard library only, no package imports) so it starts small. Why a launcher:
on Linux a child's ru_maxrss (wait4, RUSAGE_CHILDREN, even its own RUSAGE_SELF) keeps the
high-water RSS of the image it exec'd from, so a child spawned straight from the benchmark
(which holds torch, ~1 GB) would report at least the benchmark's size. Spawned from this
small process, the floor is ~10 MB. Wall time is taken here, around spawn and exit only.
"""

import json
import os
import signal
import sys
import time


def main() -> None:
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ) if os.path.isabs(cmd[0]) else os.posix_spawnp(cmd[0], cmd, os.environ)

    def forward(signum, frame):  # noqa: ANN001 - a timeout in the benchmark stops the child too
        os.kill(pid, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    with open(out, "w") as f:
        json.dump({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_kb": usage.ru_maxrss,
                   "returncode": os.waitstatus_to_exitcode(status)}, f)


if __name__ == "__main__":
    main()
