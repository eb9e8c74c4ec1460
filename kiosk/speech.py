"""Reading aloud with espeak-ng, for people who cannot read the screen well (EN 301 549, 5.1:
a closed kiosk must speak for itself).

espeak-ng runs as a child process: the screens never wait for it, "stop" ends the process at
once (when the screen changes, a new reading starts, or the session ends), and a fault in the
synthesiser cannot take the kiosk down.
"""

import logging
import shutil
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess  # loaded with the first reading, not at start-up

log = logging.getLogger(__name__)

# espeak-ng's voice for each language the kiosk offers.
VOICES = {
    "en": "en-gb",
    "ur": "ur",
    "ar": "ar",
    "fa": "fa",
    "pl": "pl",
    "sk": "sk",
    "zh": "cmn",
    "bn": "bn",
    "pa": "pa",
    "gu": "gu",
    "fr": "fr-fr",
}
FALLBACK_VOICE = "en-gb"
RATES = (120, 160, 200)  # words a minute: slower, normal, faster
VOLUMES = (60, 100, 160)  # espeak-ng amplitude (0-200)


class Speech:
    def __init__(
        self,
        program: str = "espeak-ng",
        *,
        rate: int = RATES[1],
        volume: int = VOLUMES[1],
        wav_folder: Path | None = None,
    ) -> None:
        self.program = shutil.which(program)
        self.rate = rate
        self.volume = volume
        # Set in tests and benchmarks: each reading is written to a WAV file there instead of
        # the loudspeaker.
        self.wav_folder = wav_folder
        self._process: subprocess.Popen[bytes] | None = None
        self._wav: Path | None = None
        self._lock = threading.Lock()
        self.readings = 0

    def reset_voice(self) -> None:
        """The reading speed and volume back to where every citizen starts."""
        self.rate, self.volume = RATES[1], VOLUMES[1]

    @property
    def voice_is_reset(self) -> bool:
        return (self.rate, self.volume) == (RATES[1], VOLUMES[1])

    @property
    def available(self) -> bool:
        return self.program is not None

    @cached_property
    def installed_voices(self) -> frozenset[str]:
        if self.program is None:
            return frozenset()
        import subprocess

        listing = subprocess.run(
            [self.program, "--voices"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
        return frozenset(line.split()[1] for line in listing.splitlines()[1:] if line.split())

    def voice_for(self, language: str) -> str | None:
        """espeak-ng's voice for `language`, or None when this machine has none for it."""
        voice = VOICES.get(language)
        return voice if voice in self.installed_voices else None

    def speak(self, text: str, language: str) -> Path | None:
        """Start reading `text` (stopping any reading under way); return the WAV file when
        readings go to files. Returns at once: the reading goes on in its own process."""
        self.stop()
        if self.program is None or not text.strip():
            return None
        voice = self.voice_for(language) or FALLBACK_VOICE
        command = [
            self.program,
            "-v",
            voice,
            "-s",
            str(self.rate),
            "-a",
            str(self.volume),
            "-b",
            "1",
        ]
        wav = None
        if self.wav_folder is not None:
            self.readings += 1
            wav = self.wav_folder / f"reading-{self.readings:04d}.wav"
            command += ["-w", str(wav)]
        # The text goes in as an argument list item, never through a shell.
        command += ["--", text]
        import subprocess

        with self._lock:
            try:
                self._wav = wav
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as error:
                log.warning("Could not start the speech synthesiser: %s", error)
                self._process = None
        return wav

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def wait(self, timeout_s: float = 30.0) -> None:
        with self._lock:
            process = self._process
        if process is not None:
            process.wait(timeout_s)

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            wav, self._wav = self._wav, None
        if process is not None and process.poll() is None:
            import subprocess

            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # A reading cut short leaves a WAV file without its header; it was never heard
            # whole, so it is not kept as if it had been.
            if wav is not None:
                wav.unlink(missing_ok=True)
