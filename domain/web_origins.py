"""Website origins (scheme, host and port), as a web chat channel's "Allowed websites" lists them.

Browsers send the page's origin in serialized form (`https://shop.example.com.br`, lower-case,
punycode host, no default port, no path). What a person types is brought to that same form once,
when it is saved, so a check is a plain comparison.
"""

import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

EXAMPLE = "https://shop.example.com.br"
DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _host(raw: str, typed: str) -> str:
    """The host as browsers serialize it: punycode for names, brackets around IPv6."""
    if "*" in raw:
        raise ValueError(
            f"{typed!r}: wildcards are not supported; list each website, e.g. {EXAMPLE}"
        )
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        pass
    else:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        ascii_host = raw.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{typed!r} does not have a valid host name") from None
    labels = ascii_host.rstrip(".").split(".")
    if not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"{typed!r} does not have a valid host name")
    return ".".join(labels)


def normalize_origin(value: str) -> str:
    """`value` as a browser would send it in `Origin`; a `ValueError` says what to fix."""
    typed = value.strip()
    if not typed:
        raise ValueError(f"a website cannot be empty; write it as {EXAMPLE}")
    try:
        parts = urlsplit(typed)
    except ValueError:
        raise ValueError(f"{typed!r} is not a website address; write it as {EXAMPLE}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        raise ValueError(f"{typed!r} must start with https:// or http://, as in {EXAMPLE}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(
            f"{typed!r} is a page address; give only the website's scheme, host and port, "
            f"as in {EXAMPLE}"
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{typed!r} must not contain a user name or password")
    if not parts.hostname:
        raise ValueError(f"{typed!r} has no host name")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{typed!r} has an invalid port") from None
    host = _host(parts.hostname, typed)
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def origin_allowed(allowed: Sequence[str], origin: str) -> bool:
    """An empty list allows every website; otherwise the origin must be listed. An origin that
    is not a website (`null` from sandboxed frames and local files) matches no list."""
    if not allowed:
        return True
    try:
        return normalize_origin(origin) in allowed
    except ValueError:
        return False
