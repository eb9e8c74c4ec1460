"""The wall display's call-out: a chime, then "Ticket C17, please go to counter 3" spoken in
English and, when the citizen used another language at the kiosk, in that language too.

Call-outs are said one after another, never over each other, on a thread of their own: the
display keeps drawing while it speaks.
"""

import io
import logging
import math
import os
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from collections.abc import Sequence
from pathlib import Path

from kiosk.i18n import N_, in_language
from kiosk.speech import Speech

log = logging.getLogger(__name__)

CALL_OUT = N_("Ticket {number}, please go to counter {counter}.")
RATE = 22_050
# Players tried in turn: PipeWire, PulseAudio, then ALSA.
PLAYERS = (("pw-play",), ("paplay",), ("aplay", "-q"))


def spoken_number(number: str) -> str:
    """'C017' is said "C 17": letters apart, the number without its leading zeros."""
    letters = "".join(c for c in number if c.isalpha())
    digits = "".join(c for c in number if c.isdigit())
    return f"{' '.join(letters)} {int(digits)}" if digits else " ".join(letters)


def call_out_texts(number: str, counter: int, language: str) -> list[tuple[str, str]]:
    """(text, language) pairs to say, English first."""
    languages = ["en"] if language == "en" else ["en", language]
    return [
        (in_language(code, CALL_OUT).format(number=spoken_number(number), counter=counter), code)
        for code in languages
    ]


def chime_wav(notes: Sequence[float] = (659.25, 523.25), note_s: float = 0.45) -> bytes:
    """A soft two-note chime (E5, C5) as WAV bytes: sine tones with a gentle decay, so it
    draws attention without startling."""
    frames = bytearray()
    for frequency in notes:
        count = int(RATE * note_s)
        for i in range(count):
            t = i / RATE
            envelope = math.exp(-4.0 * t) * min(1.0, i / (RATE * 0.01))
            sample = 0.5 * envelope * math.sin(2 * math.pi * frequency * t)
            frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


class Chime:
    def __init__(self, *, wav_folder: Path | None = None) -> None:
        # Tests and benchmarks: each chime is written to a file there instead of played.
        self.wav_folder = wav_folder
        self.sound = chime_wav()
        self.chimes = 0
        self.player = next((p for p in PLAYERS if shutil.which(p[0])), None)
        self._file: Path | None = None

    def close(self) -> None:
        if self._file is not None:
            self._file.unlink(missing_ok=True)

    def play(self) -> None:
        """Play the chime to the end (the call-out follows it)."""
        self.chimes += 1
        if self.wav_folder is not None:
            (self.wav_folder / f"chime-{self.chimes:04d}.wav").write_bytes(self.sound)
            return
        if self.player is None:
            return
        if self._file is None:
            handle, name = tempfile.mkstemp(prefix="chime-", suffix=".wav")
            with os.fdopen(handle, "wb") as out:
                out.write(self.sound)
            self._file = Path(name)
        try:
            subprocess.run(
                [*self.player, str(self._file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("Could not play the chime: %s", error)


class Announcer:
    """Says call-outs in order on its own thread: chime, English, the citizen's language."""

    def __init__(self, speech: Speech, chime: Chime) -> None:
        self.speech = speech
        self.chime = chime
        self._calls: queue.Queue[tuple[str, int, str] | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="call-out", daemon=True)
        self._thread.start()

    def announce(self, number: str, counter: int, language: str) -> None:
        self._idle.clear()
        self._calls.put((number, counter, language))

    def wait_until_quiet(self, timeout_s: float = 60.0) -> bool:
        return self._idle.wait(timeout_s)

    def _run(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            number, counter, language = call
            try:
                self.chime.play()
                for text, code in call_out_texts(number, counter, language):
                    self.speech.speak(text, code)
                    self.speech.wait(60)
            except Exception:  # a broken loudspeaker must not stop the display
                log.exception("Call-out failed")
            if self._calls.empty():
                self._idle.set()

    def close(self) -> None:
        self._calls.put(None)
        self.speech.stop()
        self._thread.join(5)
        self.chime.close()
