"""An ssh engine for the tests: an sshd of the test's own on 127.0.0.1 (keys made for it, nothing else accepted)
whose sessions see DOCKER_HOST set to the test bed's engine, so `ssh … docker system dial-stdio`, what docker-py
and the docker CLI run, reaches it. The system ssh client is pointed at the test's config by an `ssh` first on PATH."""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.loopback import answers, free_port

HOST_ALIAS = "lambdadesk-ssh-engine"  # only the test's ssh config knows it: no name lookup, no other machine


class SshEngine:
    def __init__(self, folder: Path, engine_socket: str) -> None:
        self.folder = folder
        self.engine_socket = engine_socket
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"ssh://root@{HOST_ALIAS}:{self.port}"  # docker-py passes -p 22 when the URL has no port

    @property
    def path(self) -> str:
        """PATH with the test's ssh wrapper first."""
        return f"{self.folder / 'bin'}{os.pathsep}{os.environ['PATH']}"

    def start(self) -> SshEngine:
        folder = self.folder
        for key in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / key)], check=True)
        (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
        (folder / "sshd_config").write_text(
            f"ListenAddress 127.0.0.1:{self.port}\nHostKey {folder / 'host_key'}\n"
            f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\n"
            f"SetEnv DOCKER_HOST=unix://{self.engine_socket}\nPidFile {folder / 'sshd.pid'}\n")
        host_key = (folder / "host_key.pub").read_text().split()
        (folder / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_key[0]} {host_key[1]}\n")
        (folder / "ssh_config").write_text(
            f"Host {HOST_ALIAS}\n  HostName 127.0.0.1\n  Port {self.port}\n  IdentityFile {folder / 'client_key'}\n"
            f"  IdentitiesOnly yes\n  UserKnownHostsFile {folder / 'known_hosts'}\n  StrictHostKeyChecking yes\n"
            "  BatchMode yes\n")
        (folder / "bin").mkdir()
        wrapper = folder / "bin" / "ssh"
        wrapper.write_text(f'#!/bin/sh\nexec {shutil.which("ssh")} -F {folder / "ssh_config"} "$@"\n')
        wrapper.chmod(0o755)
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
        with (folder / "sshd.log").open("wb") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(folder / "sshd_config")],
                                            stderr=log)
        deadline = time.monotonic() + 20
        while not answers(self.port, timeout_s=0.2):
            assert self.process.poll() is None and time.monotonic() < deadline, (folder / "sshd.log").read_text()
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


def reap_ssh_sockets() -> None:
    """Closes what docker-py's SSHSocket leaves open once its connections are dropped: the socket it inherits but
    never uses, and its ssh process (pipes and exit status). docker-py's leak, not lambdadesk's: without this the
    garbage collector reports them as unclosed in whatever test runs then, or at the end of the run."""
    from docker.transport.sshconn import SSHSocket

    for thing in gc.get_objects():
        if isinstance(thing, SSHSocket):
            process = thing.proc
            if process is not None:
                for pipe in (process.stdin, process.stdout):
                    if pipe is not None:
                        pipe.close()
                process.kill()
                process.wait(timeout=10)
            socket.socket.close(thing)
