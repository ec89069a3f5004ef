"""Live sources without Qt: last good data kept, junk ignored, stale and unreachable marked."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.core.clock import FakeClock
from kiosk.core.live import LiveFeed, Poller, feed_key
from kiosk.core.model import LiveSource, Playlist

CSV = "t,value\n1,10\n2,12\n"


def test_a_feed_keeps_the_last_good_rows_and_ignores_junk() -> None:
    feed = LiveFeed("line.csv", stale_after=10, needs=("value",))
    assert feed.reading(0).updated is None
    assert feed.offer(CSV, now=100)
    assert feed.reading(100).last("value") == 12
    assert not feed.offer("t,other\n1,2\n", now=101)  # no 'value' column: junk
    assert not feed.offer('{"not": "rows"', now=102, kind="json")
    assert feed.junk == 2
    reading = feed.reading(105)
    assert (reading.last("value"), reading.updated, reading.stale) == (12, 100, False)
    assert feed.reading(111).stale  # older than stale_after
    assert feed.stale_at() == 110


def test_unreachable_keeps_the_value_marked_and_a_new_read_clears_it() -> None:
    feed = LiveFeed("http://x/y.json")
    feed.offer('[{"value": 3}]', now=1, kind="json")
    assert feed.unreachable("connection refused")
    assert not feed.unreachable("connection refused")  # logged once
    reading = feed.reading(2)
    assert (reading.last("value"), reading.unreachable) == (3, "connection refused")
    feed.offer('[{"value": 4}]', now=3, kind="json")
    assert feed.reading(3).unreachable == ""


def test_a_window_keeps_the_last_rows_of_a_growing_source() -> None:
    feed = LiveFeed("topic", window=3)
    for i in range(5):
        feed.offer_rows([{"t": i, "value": i * 10}], now=i)
    assert feed.reading(5).numbers("value") == [20, 30, 40]


def test_a_poller_follows_a_file_that_is_rewritten_and_appended(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    path.write_text(CSV, encoding="utf-8")
    source = LiveSource(file="line.csv")
    feed = LiveFeed(feed_key(source, tmp_path))
    poller = Poller(feed, source, tmp_path, FakeClock(), on_change=lambda: None)
    assert poller.poll_once()
    assert not poller.poll_once()  # unchanged: not re-parsed
    with path.open("a", encoding="utf-8") as f:
        f.write("3,15\n")
    assert poller.poll_once()
    assert feed.reading(0).last("value") == 15
    path.unlink()
    assert poller.poll_once()  # now unreachable
    assert feed.reading(0).unreachable == "file not found"
    assert feed.reading(0).last("value") == 15


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes]]]:
    body = {"data": b'[{"value": 7}]'}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body["data"])

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/now.json", body
    httpd.shutdown()
    httpd.server_close()


def test_a_poller_reads_a_url_and_survives_junk_and_the_server_going(
    server: tuple[str, dict[str, bytes]], tmp_path: Path
) -> None:
    url, body = server
    source = LiveSource(url=url)
    feed = LiveFeed(url)
    poller = Poller(feed, source, tmp_path, FakeClock(), on_change=lambda: None)
    assert poller.poll_once()
    assert feed.reading(0).last("value") == 7
    body["data"] = b"<html>oops</html>"
    assert not poller.poll_once()
    assert feed.reading(0).last("value") == 7
    assert feed.junk == 1
    gone = LiveSource(url="http://127.0.0.1:9/none.json")  # nothing listens on port 9
    poller = Poller(feed, gone, tmp_path, FakeClock(), on_change=lambda: None)
    assert poller.poll_once()
    assert feed.reading(0).unreachable
    assert feed.reading(0).last("value") == 7


@pytest.mark.parametrize(
    ("live", "message"),
    [
        ({}, "exactly one of 'file', 'url' or 'topic'"),
        ({"file": "a.csv", "url": "https://x/y"}, "exactly one of"),
        ({"topic": "line/1"}, "needs a 'broker'"),
        ({"url": "ftp://x/y"}, "should match pattern"),
    ],
)
def test_bad_live_sources(live: dict[str, object], message: str) -> None:
    slide = {"type": "metric", "label": "L", "live": live}
    with pytest.raises(ValidationError, match=message):
        Playlist.model_validate({"deck": {"title": "T"}, "slides": [slide]})


def test_a_live_metric_and_chart_need_no_initial_data() -> None:
    slides = [
        {"type": "metric", "label": "Output", "live": {"file": "line.csv"}},
        {
            "type": "chart",
            "heading": "H",
            "kind": "line",
            "x": "t",
            "y": "value",
            "live": {"file": "line.csv", "window": 30},
        },
    ]
    playlist = Playlist.model_validate({"deck": {"title": "T"}, "slides": slides})
    assert len(playlist.slides) == 2
