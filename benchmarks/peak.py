"""Peak memory of a Python command, measured by the command's own process.

A child's rusage is no good for this: it counts the parent's size before exec. So the
command's code runs in-process (runpy) under a wrapper that prints VmHWM at exit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WRAPPER = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.__stderr__.write("PEAK " + line.split()[1] + "\\n")
atexit.register(peak)
kind, target, *args = sys.argv[1:]
sys.argv = [target, *args]
if kind == "module":
    runpy.run_module(target, run_name="__main__", alter_sys=True)
elif kind == "path":
    runpy.run_path(target, run_name="__main__")
"""


def peak_mb(
    kind: str,
    target: str,
    args: list[str],
    env: dict[str, str],
    python: str = "",
    stdin: bytes | None = None,
) -> float:
    """Peak resident MB of running module or path `target` with `args` (kind "module",
    "path", or "none" for a bare interpreter), `stdin` piped to it when given; 0 where
    /proc is not available."""
    if not Path("/proc/self/status").exists():
        return 0.0
    argv = [python or sys.executable, "-c", WRAPPER, kind, target, *args]
    result = subprocess.run(argv, input=stdin, capture_output=True, env=env)
    stderr = result.stderr.decode("utf-8", "replace")
    lines = [line for line in stderr.splitlines() if line.startswith("PEAK ")]
    return int(lines[-1].split()[1]) / 1024 if lines else 0.0
