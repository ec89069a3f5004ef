"""One MQTT connection on its own thread, with backoff and a reason a person can read.

paho-mqtt's client does the protocol (MQTT 3.1.1 here: every broker speaks it), TLS, QoS 1
and the last will; this module runs its network loop on one thread of ours instead of
`loop_start()`, so that each failed attempt is classified (refused, bad password, TLS, DNS,
timeout), put in `Link.reason` and logged once per new reason, and retried after a growing,
jittered delay (0.5 s doubling to `MAX_BACKOFF`). Subscriptions are remembered and made again
on every connection (displays use clean sessions). `publish(..., on_ack=f)` calls `f()` once
the broker acknowledged a QoS 1 message (`MQTTMessageInfo.is_published()`): the proof-of-play
queue deletes a play only then.
"""

from __future__ import annotations

import contextlib
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

from kiosk.fleet.config import BrokerAddress, FleetError, Login

__all__ = ["MAX_BACKOFF", "Link", "Will", "explain"]

log = logging.getLogger("kiosk.fleet.mqtt")

MAX_BACKOFF = 15.0
KEEPALIVE = 20
TICK = 1.0  # seconds between the periodic work (status heartbeat, queued proof)
MessageHandler = Callable[[str, bytes, bool], None]  # topic, payload, retained


@dataclass(frozen=True)
class Will:
    topic: str
    payload: bytes
    retain: bool = True


def explain(error: BaseException, broker: BrokerAddress) -> str:
    """Why a connection attempt failed, in words: refused, DNS, TLS, timeout, other."""
    where = f"{broker.host}:{broker.port}"
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused by {where} (is the broker running, on that port?)"
    if isinstance(error, socket.gaierror):
        return f"cannot resolve {broker.host!r} (DNS: {error.strerror or error})"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS: the broker's certificate is not trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"TLS handshake with {where} failed ({error.reason or error})"
    if isinstance(error, TimeoutError | socket.timeout):
        return f"no answer from {where} (timeout)"
    if isinstance(error, OSError):
        return f"cannot reach {where}: {error.strerror or error}"
    return f"cannot connect to {where}: {error}"


def _connack(reason: Any, login: Login) -> str:
    text = str(reason)
    low = text.lower()
    if "password" in low or "bad user" in low:
        return f"the broker refused login {login.username!r}: bad user name or password"
    if "not authorized" in low:  # what Mosquitto answers an MQTT 3.1.1 client's bad password
        return (
            f"the broker refused login {login.username!r}: not authorized "
            "(wrong password or unknown login?)"
        )
    return f"the broker refused the connection: {text}"


def _no_op(*_: object) -> None:
    pass


class Link:
    """A paho client driven by one thread of ours."""

    def __init__(
        self,
        broker: BrokerAddress,
        login: Login,
        client_id: str,
        *,
        clean: bool = True,
        will: Will | None = None,
        on_message: MessageHandler | None = None,
        on_connected: Callable[[], None] | None = None,
        on_reason: Callable[[str], None] | None = None,
        tick: Callable[[], None] | None = None,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        self.broker = broker
        self.login = login
        self.reason = "not connected yet"
        self.connected = threading.Event()
        self.max_backoff = max_backoff
        self._on_message = on_message
        self._on_connected = on_connected
        self._on_reason = on_reason
        self._tick = tick
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.RLock()
        self._subs: dict[str, int] = {}
        self._thread: threading.Thread | None = None
        self._fatal = False
        self.client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=clean,
            protocol=paho.MQTTv311,
        )
        self.client.username_pw_set(login.username, login.password)
        self.client.connect_timeout = 5.0
        self.client.max_inflight_messages_set(200)
        self.client.max_queued_messages_set(0)
        if broker.tls:
            ctx = (
                ssl.create_default_context(cadata=broker.ca_pem)
                if broker.ca_pem
                else (ssl.create_default_context())
            )
            if broker.insecure:
                ctx.check_hostname = False
            self.client.tls_set_context(ctx)
        if will is not None:
            self.client.will_set(will.topic, will.payload, qos=1, retain=will.retain)
        # Only our thread touches the socket (an SSL socket must not be written by one thread
        # while another reads it): with a write hook registered, paho's publish() from any
        # thread just queues the packet and wakes our loop's select() through its socketpair.
        self.client.on_socket_register_write = _no_op
        self.client.on_connect = self._connected
        self.client.on_disconnect = self._disconnected
        self.client.on_message = self._message

    # --- public -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kiosk-fleet-mqtt", daemon=True)
        self._thread.start()

    def stop(self, last: tuple[str, bytes] | None = None, timeout: float = 3.0) -> None:
        """Publish `last` (topic, payload: retained) if connected, disconnect, end the thread."""
        if last is not None and self.connected.is_set():
            info = self.publish(last[0], last[1], retain=True)
            if info is not None:
                with contextlib.suppress(RuntimeError, ValueError):
                    info.wait_for_publish(timeout)
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wait_connected(self, timeout: float) -> None:
        """Block until connected; FleetError with the reason when it does not happen."""
        deadline = time.monotonic() + timeout
        while not self.connected.wait(0.1):
            if self._fatal or time.monotonic() > deadline:
                raise FleetError(f"cannot connect to the broker: {self.reason}")

    # Our lock guards our own dicts only, never a call into paho: paho calls back (on_publish)
    # holding its own locks, so holding ours around a paho call would invert the order.

    def subscribe(self, topic: str, qos: int = 1) -> None:
        self.subscribe_many([topic], qos)

    def subscribe_many(self, topics: list[str], qos: int = 1) -> None:
        with self._lock:
            for t in topics:
                self._subs[t] = qos
        if self.connected.is_set() and topics:
            self.client.subscribe([(t, qos) for t in topics])

    def unsubscribe(self, topic: str) -> None:
        with self._lock:
            known = self._subs.pop(topic, None) is not None
        if known and self.connected.is_set():
            self.client.unsubscribe(topic)

    def publish(
        self,
        topic: str,
        payload: bytes,
        *,
        qos: int = 1,
        retain: bool = False,
    ) -> paho.MQTTMessageInfo | None:
        """Send now if connected (None otherwise: the caller keeps what must not be lost)."""
        if not self.connected.is_set():
            return None
        info = self.client.publish(topic, payload, qos=qos, retain=retain)
        if info.rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
            return None
        return info

    def wake(self) -> None:
        """Run `tick` soon (something was queued)."""
        self._wake.set()

    # --- the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.client.connect(self.broker.host, self.broker.port, keepalive=KEEPALIVE)
            except Exception as e:
                self._set_reason(explain(e, self.broker))
            else:
                self._loop()
            if self._stop.is_set():
                break
            if time.monotonic() - started > 30:
                backoff = 0.5  # it was up for a while: retry soon
            delay = backoff * random.uniform(0.8, 1.2)
            backoff = min(self.max_backoff, backoff * 2)
            self._stop.wait(delay)
        with contextlib.suppress(Exception):
            self.client.disconnect()

    def _loop(self) -> None:
        last_tick = 0.0
        while not self._stop.is_set():
            rc = self.client.loop(timeout=0.25)
            if rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
                break
            now = time.monotonic()
            due = self._wake.is_set() or now - last_tick >= TICK
            if self._tick is not None and self.connected.is_set() and due:
                self._wake.clear()
                last_tick = now
                try:
                    self._tick()
                except Exception:
                    log.exception("fleet: error in the connection's periodic work")
        if self.connected.is_set():
            self.connected.clear()
            if not self._stop.is_set():
                self._set_reason("connection lost")

    def _set_reason(self, reason: str) -> None:
        if reason != self.reason:
            level = logging.INFO if reason == "connected" else logging.WARNING
            log.log(level, "fleet broker %s:%d: %s", self.broker.host, self.broker.port, reason)
        self.reason = reason
        if self._on_reason is not None:
            try:
                self._on_reason(reason)
            except Exception:
                log.exception("fleet: error reporting the connection state")

    # --- paho callbacks (on our thread) ---------------------------------------------------

    def _connected(self, client: paho.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            self._set_reason(_connack(reason, self.login))
            client.disconnect()
            return
        sock = client.socket()
        if isinstance(sock, socket.socket):  # small messages go out at once (no Nagle)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            subs = list(self._subs.items())
        if subs:
            client.subscribe(subs)
        self.connected.set()
        self._set_reason("connected")
        if self._on_connected is not None:
            try:
                self._on_connected()
            except Exception:
                log.exception("fleet: error after connecting")

    def _disconnected(self, _c: paho.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if self.connected.is_set() and not self._stop.is_set():
            self.connected.clear()
            self._set_reason(f"connection lost ({reason})")

    def _message(self, _c: paho.Client, _u: Any, msg: paho.MQTTMessage) -> None:
        if self._on_message is None:
            return
        try:
            self._on_message(msg.topic, bytes(msg.payload), bool(msg.retain))
        except Exception:
            log.exception("fleet: a message on %s could not be handled; ignored", msg.topic[:200])
