"""A small desktop for the AT-SPI tests, as child processes stopped at the end: Xvfb, a private
D-Bus session bus (which starts Debian's at-spi-bus-launcher and at-spi2-registryd when first
asked, as on a desktop), and the kiosk (tests/ui/atspi_kiosk.py) on that screen, driven a command
a line. Debian's own Python with python3-pyatspi (tests/ui/atspi_tree.py) reads its tree."""

import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEBIAN_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
REGISTRY = "/usr/libexec/at-spi2-registryd"
DEADLINE_S = 20.0  # for any one part to start or answer; each usually takes well under 2 s
PR_SET_CHILD_SUBREAPER = 36

Tree = dict[str, Any]

# What an assistive technology lets a person operate, and so must be named.
CONTROL_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "entry",
    "text",
    "password text",
    "combo box",
    "spin button",
    "slider",
    "link",
}
TEXT_BOX_ROLES = {"entry", "text"}


# -- the desktop: Xvfb, a session bus and the AT-SPI bus ----------------------------------------


def missing_parts() -> list[str]:
    """What `make test`'s set-up (scripts/setup.sh) should have installed and did not."""
    missing = []
    for program, package in (
        (shutil.which("Xvfb"), "xvfb"),
        (shutil.which("dbus-daemon"), "dbus-daemon"),
        (BUS_LAUNCHER if os.access(BUS_LAUNCHER, os.X_OK) else None, "at-spi2-core"),
        (REGISTRY if os.access(REGISTRY, os.X_OK) else None, "at-spi2-core"),
    ):
        if program is None:
            missing.append(package)
    if not os.access(DEBIAN_PYTHON, os.X_OK):
        missing.append("python3-pyatspi")  # it brings Debian's python3
    else:
        found = subprocess.run(
            [DEBIAN_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=DEADLINE_S
        )
        if found.returncode != 0:
            missing.append("python3-pyatspi")
    return sorted(set(missing))


class Lines:
    """Lines from a child's pipe, each awaited until a deadline (never a fixed sleep)."""

    def __init__(self, fd: int, what: str) -> None:
        self.fd = fd
        self.what = what
        self.buffer = b""

    def next(self, timeout_s: float = DEADLINE_S) -> str:
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise TimeoutError(f"{self.what} said nothing in {timeout_s:g} s")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise EOFError(f"{self.what} ended; it said {self.buffer.decode()!r}")
            self.buffer += chunk
        line, _newline, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def _session(leader: int) -> list[int]:
    """The processes in the session of `leader`: a child started in a session of its own, and
    every process it started in turn (D-Bus activation double-forks: their parent is not the
    bus, but their session is its session)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rpartition(")")[2].split()[3]) == leader:
                found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


class Children:
    """The processes this module starts, and those they start in turn (the buses activate the
    AT-SPI launcher and registry): all are stopped and reaped at the end, pass or fail. While
    it runs, this process adopts the orphans among them (a child subreaper), so none is left a
    zombie under an init that does not reap."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)

    def start(self, args: list[str], log: Path, **options: Any) -> "subprocess.Popen[bytes]":
        """Start `args` with its messages (stderr) in the file `log`."""
        with log.open("wb") as messages:
            process = subprocess.Popen(args, stderr=messages, start_new_session=True, **options)
        self.started.append(process)
        return process

    def stop(self, process: "subprocess.Popen[bytes]") -> None:
        """One child and the processes it started: SIGTERM, then SIGKILL what outlives a
        deadline; each reaped (or left to its living parent to reap)."""
        pending = {process.pid, *_session(process.pid)}
        for pid in pending:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for then in (signal.SIGKILL, None):
            deadline = time.monotonic() + 5
            while pending and time.monotonic() < deadline:
                pending = {pid for pid in pending if not self._gone(process, pid)}
                if pending:
                    time.sleep(0.02)  # polling the pids until the deadline: nothing to wait on
            if not pending or then is None:
                break
            for pid in pending:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, then)
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        if process in self.started:
            self.started.remove(process)
        assert not pending, f"processes {sorted(pending)} of {process.args!r} outlived SIGKILL"

    @staticmethod
    def _gone(process: "subprocess.Popen[bytes]", pid: int) -> bool:
        if pid == process.pid:
            return process.poll() is not None
        try:
            return os.waitpid(pid, os.WNOHANG)[0] == pid  # adopted by this process: reaped
        except ChildProcessError:
            return not _alive(pid)  # gone, or a zombie its own parent reaps

    def stop_all(self) -> None:
        try:
            for process in reversed(list(self.started)):
                self.stop(process)
        finally:
            self._libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


class Desktop:
    def __init__(self, folder: Path, children: Children) -> None:
        self.folder = folder
        self.children = children
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in (
                "DISPLAY",
                "WAYLAND_DISPLAY",
                "DBUS_SESSION_BUS_ADDRESS",
                "AT_SPI_BUS_ADDRESS",
                "QT_QPA_PLATFORM",
            )
        }
        # The launcher keeps its settings in memory: nothing is written to the user's dconf.
        env |= {"XDG_RUNTIME_DIR": str(runtime), "GSETTINGS_BACKEND": "memory"}
        env["DISPLAY"] = f":{self._start_xvfb(env)}"
        env["DBUS_SESSION_BUS_ADDRESS"] = self._start_session_bus(env)
        self.env = env
        # Asking the bus for its applications starts the AT-SPI bus and registry (D-Bus
        # activation of Debian's at-spi-bus-launcher), as a desktop session does at login.
        listed = subprocess.run(
            [DEBIAN_PYTHON, str(HERE / "atspi_tree.py"), "--list"],
            env=env,
            capture_output=True,
            timeout=DEADLINE_S,
        )
        assert listed.returncode == 0, listed.stderr.decode(errors="replace")

    def _start_xvfb(self, env: dict[str, str]) -> str:
        read, write = os.pipe()
        try:
            self.children.start(
                # -displayfd: Xvfb picks a free display and says which once it accepts clients.
                [
                    *("Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24"),
                    *("-nolisten", "tcp", "-noreset"),
                ],
                env=env,
                pass_fds=(write,),
                stdout=subprocess.DEVNULL,
                log=self.folder / "xvfb.log",
            )
            os.close(write)
            return Lines(read, "Xvfb -displayfd").next()
        finally:
            os.close(read)

    def _start_session_bus(self, env: dict[str, str]) -> str:
        read, write = os.pipe()
        try:
            self.children.start(
                ["dbus-daemon", "--session", "--nofork", f"--print-address={write}"],
                env=env,
                pass_fds=(write,),
                stdout=subprocess.DEVNULL,
                log=self.folder / "session-bus.log",  # the AT-SPI launcher's messages too
            )
            os.close(write)
            address = Lines(read, "dbus-daemon --print-address").next()
        finally:
            os.close(read)
        assert address.startswith("unix:"), address  # a local socket, never TCP
        return address


# -- the kiosk on that desktop, and its tree ----------------------------------------------------


class KioskProcess:
    """tests/ui/atspi_kiosk.py on the desktop's screen, driven a command a line."""

    def __init__(self, desktop: Desktop, language: str) -> None:
        self.desktop = desktop
        self.language = language
        self.log = desktop.folder / f"kiosk-{language}.log"
        env = desktop.env | {
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "KIOSK_DATA_DIR": str(desktop.folder / f"data-{language}"),
            "PYTHONPATH": str(ROOT),
        }
        self.process = desktop.children.start(
            [sys.executable, str(HERE / "atspi_kiosk.py"), "--language", language],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            log=self.log,
        )
        assert self.process.stdout is not None
        self.lines = Lines(self.process.stdout.fileno(), f"the kiosk ({language})")
        self.state = self._ready()

    def _ready(self) -> dict[str, Any]:
        try:
            line = self.lines.next()
        except (TimeoutError, EOFError) as error:
            raise AssertionError(f"{error}\n{self.log.read_text(errors='replace')}") from None
        assert line.startswith("ready "), line
        state: dict[str, Any] = json.loads(line.removeprefix("ready "))
        return state

    def do(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()
        self.state = self._ready()
        return self.state

    def _look(self, *arguments: str) -> Any:
        seen = subprocess.run(
            [DEBIAN_PYTHON, str(HERE / "atspi_tree.py"), f"--pid={self.process.pid}", *arguments],
            env=self.desktop.env,
            capture_output=True,
            timeout=DEADLINE_S * 2,
        )
        assert seen.returncode == 0, (
            f"atspi_tree.py failed ({seen.returncode}): {seen.stderr.decode(errors='replace')}"
            f"\nThe kiosk said: {self.log.read_text(errors='replace')}"
        )
        return json.loads(seen.stdout)

    def tree(self) -> Tree:
        """The kiosk as assistive technology sees it now."""
        tree: Tree = self._look()
        return tree

    def press(self, name: str) -> None:
        """Activate the control named `name` as a screen reader user does: over AT-SPI, not
        with a tap. Qt presses a button as a tap does, a moment later (animateClick)."""
        self._look("--press", name)

    def wait_for(self, **wanted: Any) -> dict[str, Any]:
        """The kiosk's state once it has the values `wanted` (e.g. question="topic")."""
        deadline = time.monotonic() + DEADLINE_S
        while True:
            state = self.do("state")
            if all(state.get(key) == value for key, value in wanted.items()):
                return state
            assert time.monotonic() < deadline, f"the kiosk never had {wanted}: {state}"
            time.sleep(0.02)  # polling the kiosk until the deadline: nothing to wait on

    def stop(self) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()  # end of input: the kiosk closes itself
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=DEADLINE_S)
        self.desktop.children.stop(self.process)
