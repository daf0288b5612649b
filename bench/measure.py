"""Measuring a child process from outside: wall seconds and peak RSS, with a time limit; and machine facts.

Each measured step runs as its own process, so its peak memory is its own and no import or cache of an
earlier step is shared with it. Linux starts a child's ``ru_maxrss`` at its parent's peak when it forks and
keeps it across ``exec``: measured directly, a step would show at least this harness's own peak (which
grows, reading a large report). So a small launcher, a fresh interpreter of a few MB, starts the measured
process and reports its rusage (``os.wait4``) and wall time; the floor under the figure is the launcher's.
"""

from __future__ import annotations

import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Run as `python -S -c LAUNCHER RESULT_FILE ARGV...`; it ignores SIGINT itself (the whole process group gets
# it on a timeout) and writes "exit_code wall_seconds maxrss_kib" to RESULT_FILE.
LAUNCHER = """
import os, signal, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
signal.signal(signal.SIGINT, signal.SIG_IGN)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss}")
"""


@dataclass(frozen=True)
class Child:
    """How a child process ended: exit code (negative: killed by that signal), wall seconds, peak RSS (None
    when it had to be killed), and whether it ran out of time (it was then interrupted, as with Ctrl-C, and
    killed if it did not stop within the grace period)."""

    returncode: int
    seconds: float
    peak_rss_mb: float | None
    timed_out: bool

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


def run_child(
    argv: Sequence[str], env: Mapping[str, str], timeout: float, log: Path, grace: float = 60.0
) -> Child:
    """Run ``argv`` (through the launcher) to its end; its output (stdout and stderr) goes to ``log``. After
    ``timeout`` seconds it is sent SIGINT (a sync run then rolls back and releases its lock), and SIGKILL if
    it has not stopped ``grace`` seconds later. Returns its wall seconds and peak resident set size."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Started in the background by a shell: children would inherit the ignored SIGINT and never stop.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    expired, reaped = threading.Event(), threading.Event()
    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp, log.open("wb") as out:
        result = Path(tmp) / "result"
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(result), *argv]
        process = subprocess.Popen(
            launcher, env=dict(env), stdout=out, stderr=subprocess.STDOUT, process_group=0
        )

        def send(signum: int) -> None:
            # To the launcher's process group (launcher and measured process); os.killpg, not
            # Popen.send_signal, which polls and could reap the launcher before os.wait4 below does.
            if not reaped.is_set():
                os.killpg(process.pid, signum)

        killer = threading.Timer(grace, send, (signal.SIGKILL,))

        def expire() -> None:
            expired.set()
            send(signal.SIGINT)
            killer.start()

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            _, status, _ = os.wait4(process.pid, 0)
        except KeyboardInterrupt:  # the measured run is in its own group: stop it too, then stop
            send(signal.SIGINT)
            os.wait4(process.pid, 0)
            raise
        finally:
            reaped.set()
            timer.cancel()
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if not result.exists():  # the launcher itself was killed
            return Child(process.returncode, timeout + grace, None, expired.is_set())
        code, seconds, maxrss = result.read_text(encoding="utf-8").split()
    # Linux reports ru_maxrss in KiB (macOS in bytes; this bench targets Linux).
    return Child(int(code), float(seconds), int(maxrss) / 1024, expired.is_set())


def parent_peak_rss_mb() -> float:
    """This process's own peak RSS in MB (the figures do not depend on it: see the module's docstring)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_checked(argv: Sequence[str], env: Mapping[str, str], what: str) -> None:
    """Run a set-up command; raise ``RuntimeError`` with its output if it fails."""
    done = subprocess.run(list(argv), env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def tail(path: Path, lines: int = 15) -> str:
    """The last ``lines`` lines of a text file (a failed step's log), or "" if there is none."""
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def machine_facts() -> dict[str, str | int | None]:
    """What a reader needs to compare figures across machines: CPUs, CPU model, memory, Python, OS."""
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "memory": _proc_field("/proc/meminfo", "MemTotal"),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _proc_field(path: str, name: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                key, _, value = line.partition(":")
                if key.strip() == name:
                    return " ".join(value.split())
    except OSError:
        return None
    return None
