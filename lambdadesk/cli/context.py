"""What every command handler gets: its parsed arguments, the printer, and the environment's session (made on
first use, so commands that need no Docker never connect)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from lambdadesk.adapters.store import profile_store
from lambdadesk.cli.output import Printer
from lambdadesk.core.profile import Profile

if TYPE_CHECKING:
    from lambdadesk.adapters.docker.docker_connection import DockerConnection
    from lambdadesk.session import Session

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_DOCKER, EXIT_NOT_READY = 0, 1, 2, 3, 4

if TYPE_CHECKING:  # argparse's own type for add_subparsers(), generic only to type checkers
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Commands = argparse._SubParsersAction


class Context:
    def __init__(self, args: argparse.Namespace, printer: Printer) -> None:
        self.args = args
        self.printer = printer
        self._profile: Profile | None = None
        self._connection: DockerConnection | None = None
        self._session: Session | None = None

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            profile = profile_store.load_profile(self.args.profile)
            given = {key: value for key in ("emulator_url", "redis_url", "capture_host")
                     if (value := getattr(self.args, key, None))}
            if given:  # attached for this command: --emulator-url, --redis-url, --capture-host win over its attach
                profile = profile.replace(attach={**profile.attach, **given})
            self._profile = profile
        return self._profile

    async def session(self) -> Session:
        if self._session is None:
            from lambdadesk.adapters.store import secrets
            from lambdadesk.adapters.store.paths import profiles_dir
            from lambdadesk.core.events import Notice
            from lambdadesk.environment.profile_trust import outside_notice
            from lambdadesk.session import Session

            profile = self.profile
            if str(self.args.profile).endswith(".json"):
                notice = outside_notice(profile, Path(self.args.profile), profiles_dir())
                if notice:
                    self.printer.event(Notice(notice))
            # Docker and the keyring only when a command needs them; an attached profile never needs Docker
            self._session = Session(profile, self._connected if profile.attached is None else None,
                                    secrets.auth_token, self.printer.event)
        return self._session

    def connection(self) -> DockerConnection:
        """The Docker connection, made on first use and closed with the context."""
        return self._connected()

    def _connected(self) -> DockerConnection:
        """The connection, made the first time the session needs it (then closed with the context)."""
        from lambdadesk.adapters.docker.docker_connection import connect

        if self._connection is None:
            self._connection = connect()
        return self._connection

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._connection is not None:
            await asyncio.to_thread(self._connection.close)


Handler = Callable[[Context], Awaitable[int]]
