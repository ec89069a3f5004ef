"""Home Assistant MQTT discovery (off by default: `--home-assistant` or the fleet file's
`"home_assistant": true`): a display appears as a device with its slide on screen, online
state, display on/off, and next / previous / pause / resume buttons.

Discovery messages are retained on
`homeassistant/<component>/kiosk-<fleet>-<display>/<object>/config` (the ACL lets a display
write only its own); they point at the display's retained status topic and its command topic,
so Home Assistant needs no other bridge.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from kiosk import __version__
from kiosk.fleet.config import Topics

__all__ = ["discovery"]

PREFIX = "homeassistant"
_BUTTONS = (
    ("next", "Next slide"),
    ("previous", "Previous slide"),
    ("pause", "Pause"),
    ("resume", "Resume"),
)


def discovery(topics: Topics, display: str, group: str) -> Iterator[tuple[str, bytes]]:
    node = f"kiosk-{topics.fleet}-{display}"
    status = topics.status(display)
    device = {
        "identifiers": [node],
        "name": f"kiosk {display}",
        "manufacturer": "kiosk",
        "model": f"fleet {topics.fleet}, group {group}",
        "sw_version": __version__,
    }
    availability = {
        "topic": status,
        "value_template": "{{ 'online' if value_json.online else 'offline' }}",
    }

    def config(component: str, obj: str, doc: dict[str, object]) -> tuple[str, bytes]:
        body = {
            "unique_id": f"{node}-{obj}",
            "object_id": f"{node}-{obj}",
            "device": device,
            **doc,
        }
        if obj != "online":
            body["availability"] = availability
        return f"{PREFIX}/{component}/{node}/{obj}/config", json.dumps(body).encode()

    yield config(
        "sensor",
        "slide",
        {
            "name": "Slide",
            "state_topic": status,
            "value_template": "{{ value_json.slide_title | default('') }}",
            "json_attributes_topic": status,
            "icon": "mdi:presentation-play",
        },
    )
    yield config(
        "binary_sensor",
        "online",
        {
            "name": "Online",
            "state_topic": status,
            "value_template": "{{ 'ON' if value_json.online else 'OFF' }}",
            "device_class": "connectivity",
        },
    )
    yield config(
        "binary_sensor",
        "display",
        {
            "name": "Display on",
            "state_topic": status,
            "value_template": "{{ 'ON' if value_json.display_on | default(true) else 'OFF' }}",
            "device_class": "power",
        },
    )
    for command, name in _BUTTONS:
        yield config(
            "button",
            command,
            {
                "name": name,
                "command_topic": topics.cmd(display),
                "payload_press": command,
            },
        )
