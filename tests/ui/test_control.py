"""The control FIFO: a second command source driving the same show as the keys."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.commands import Command, Op
from kiosk.ui.control import MAX_LINE, ControlFifo, ControlFifoError


def write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


@pytest.fixture
def fifo(qtbot: QtBot, tmp_path: Path) -> tuple[ControlFifo, list[Command]]:
    got: list[Command] = []
    control = ControlFifo(tmp_path / "control", got.append, lambda: 5)
    yield control, got
    control.close()


def test_lines_become_commands_and_junk_is_refused(
    qtbot: QtBot, fifo: tuple[ControlFifo, list[Command]], caplog: pytest.LogCaptureFixture
) -> None:
    control, got = fifo
    write(control.path, b"next\ngoto 3\n# a comment\n\ngoto 99\njump\nmessage Hall B --for 1m\n")
    qtbot.waitUntil(lambda: len(got) == 3 and control.rejected == 2)
    assert [c.op for c in got] == [Op.NEXT, Op.GOTO, Op.MESSAGE]
    assert got[1].index == 2
    assert got[1].source == "fifo"
    assert got[2].text == "Hall B"
    assert got[2].seconds == 60
    assert "there is no slide 99 (the deck has 5)" in caplog.text
    assert "unknown command 'jump'" in caplog.text


def test_a_line_split_across_writes_and_an_endless_line(
    qtbot: QtBot, fifo: tuple[ControlFifo, list[Command]]
) -> None:
    control, got = fifo
    write(control.path, b"pre")
    write(control.path, b"vious\n")
    qtbot.waitUntil(lambda: len(got) == 1)
    assert got[0].op is Op.PREV
    write(control.path, b"x" * (MAX_LINE + 10))  # no newline yet: dropped, not kept
    qtbot.waitUntil(lambda: control.rejected == 1)
    write(control.path, b"xxxx\nfirst\n")  # the rest of that line, then a good one
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1].op is Op.FIRST
    assert control.rejected == 1


def test_a_writer_closing_does_not_end_the_stream(
    qtbot: QtBot, fifo: tuple[ControlFifo, list[Command]]
) -> None:
    control, got = fifo
    for n in range(3):  # each `echo … > fifo` opens, writes and closes
        write(control.path, b"last\n")
        qtbot.waitUntil(lambda n=n: len(got) == n + 1)


def test_a_path_that_is_not_a_fifo_is_refused_by_name(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("")
    with pytest.raises(ControlFifoError, match="plain: is not a FIFO"):
        ControlFifo(plain, print, lambda: 1)
    with pytest.raises(ControlFifoError, match="is a directory"):
        ControlFifo(tmp_path, print, lambda: 1)
    with pytest.raises(ControlFifoError, match="cannot make a FIFO"):
        ControlFifo(tmp_path / "missing" / "control", print, lambda: 1)


class Output:
    """The display's log on its stderr, read as it comes: waits are on its lines."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self.proc, self.fd, self.text = proc, proc.stdout.fileno(), ""

    def wait_for(self, done: Callable[[str], bool], timeout: float = 60.0) -> str:
        import select

        while not done(self.text):
            ready, _, _ = select.select([self.fd], [], [], timeout)
            assert ready, f"no output for {timeout:g}s; so far:\n{self.text}"
            chunk = os.read(self.fd, 65536)
            assert chunk, f"kiosk run ended early:\n{self.text}"
            self.text += chunk.decode("utf-8", errors="replace")
        return self.text


def test_kiosk_run_obeys_the_fifo_end_to_end(tmp_path: Path) -> None:
    deck = tmp_path / "deck.json"
    slides = [{"type": "title", "id": f"s{i}", "title": f"Slide {i + 1}"} for i in range(5)]
    deck.write_text(json.dumps({"deck": {"title": "T"}, "slides": slides}))
    fifo, log = tmp_path / "control", tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "kiosk", "run", str(deck), "--windowed", "--no-watch"]
    cmd += ["--control-fifo", str(fifo), "--log-file", str(log), "--log-level", "debug"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = Output(proc)
    try:
        out.wait_for(lambda t: "reading commands from" in t and "showing" in t)
        write(fifo, b"goto 4\n")
        out.wait_for(lambda t: "-> manual on slide 4" in t)
        write(fifo, b"goto 40\npause\n")
        text = out.wait_for(lambda t: "-> paused on slide 4" in t)
        assert "there is no slide 40 (the deck has 5)" in text
        write(fifo, b"message Hall B closes at 17:00 --for 10m\n")
        out.wait_for(lambda t: "message shown for 600s: Hall B closes at 17:00" in t)
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert "Traceback" not in out.text + rest.decode() + log.read_text()
