"""Deploy for the window: a zip or a source folder and its settings to a function that is Active (and wired, if
asked); while the watch is on, a changed zip is deployed again and a saved source folder reloaded (only the
code, through the shared hot reload); and the list of deployed functions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.lambda_zip import KNOWN_RUNTIMES
from lambdadesk.deploy.sample_lambda import SEED_HANDLER, seed_zip
from lambdadesk.deploy.source_package import SourcePackage, code_from
from lambdadesk.deploy.source_reload import SourceReloader
from lambdadesk.deploy.zip_watcher import ZipWatcher
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource

RUNTIMES = ("python3.12", *(runtime for runtime in KNOWN_RUNTIMES if runtime != "python3.12"))


@dataclass(frozen=True)
class DeployForm:
    zip_path: str
    name: str
    runtime: str = "python3.12"
    handler: str = "lambda_function.lambda_handler"
    memory_mb: int = 256
    timeout_s: int = 30
    environment: dict[str, str] = field(default_factory=dict)
    wire: bool = True  # also wire a REST API (proxy route) to it


class DeployViewModel(OperationViewModel):
    deploy_started = Signal(str)  # function name
    deployed = Signal(str, str, float, str, str, str)  # name, state, seconds, invoke URL ("" when not wired), what
    # changed, what the user should know (topic ARNs left out of its environment; "" mostly)
    functions_listed = Signal(list)  # list[FunctionSummary]
    watch_changed = Signal(bool, str)  # watching, the zip's path
    form_suggested = Signal(object)  # DeployForm, e.g. the sample's
    problems_found = Signal(list)  # what is visibly broken in the code just deployed: "file:line: message"
    reloaded = Signal(object)  # a Reload: a save in the watched folder, deployed (or why not)
    # after a reset or restart of the emulator, what became of the function deployed last: name, what to say,
    # its invoke URL now ("" when it is gone or not wired)
    replaced = Signal(str, str, str)

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._watcher: ZipWatcher | SourceReloader | None = None
        self._watched_form: DeployForm | None = None
        self._last_deployed = ""  # the name the panel shows as deployed

    @asyncSlot(object)
    async def deploy_requested(self, form: DeployForm) -> None:
        await self.deploy(form)

    @asyncSlot()
    async def refresh_requested(self) -> None:
        await self.refresh()

    @asyncSlot()
    async def sample_requested(self) -> None:
        await self.use_sample()

    @asyncSlot(bool, object)
    async def watch_requested(self, enabled: bool, form: DeployForm) -> None:
        await self.set_watch(enabled, form)

    async def deploy(self, form: DeployForm, code: bytes | None = None) -> bool:
        """True when the function ended Active (and wired, when asked)."""
        async def work() -> bool:
            if not form.name.strip():
                raise LambdadeskError("The function needs a name.", "Type one in the Name field.")
            data = code
            if data is None:
                package = await asyncio.to_thread(read_form_code, form)
                data = package.code
                self.problems_found.emit(package.problems)
            spec = spec_from_form(form, data)
            self.deploy_started.emit(spec.name)
            deployment, route = await (await self._session()).deploy(spec, wire=form.wire)
            self._last_deployed = deployment.name
            self.deployed.emit(deployment.name, deployment.state, deployment.seconds, route.url() if route else "",
                               deployment.changed, deployment.note)
            return True

        done = await self._operate(f"deploy {form.name or 'the function'}", work(),
                                   f"Deploying {form.name or 'the function'}")
        if done:
            await self.refresh()
        return bool(done)

    async def refresh(self) -> None:
        async def work() -> None:
            self.functions_listed.emit(await (await self._session()).functions())

        await self._look("list the functions", work())

    @asyncSlot(str)
    async def emulator_replaced(self, why: str) -> None:
        await self.look_again(why)

    async def look_again(self, why: str) -> None:
        """After a reset or a restart ("reset", "restart"): the list read again, and what became of the function
        deployed last said (gone, or deployed again with a new invoke URL) instead of a dead URL."""
        async def work() -> None:
            session = await self._session()
            functions = await session.functions()
            self.functions_listed.emit(functions)
            name = self._last_deployed
            if not name:
                return
            present = next((function for function in functions if function.name == name), None)
            if present is None:
                self._last_deployed = ""
                self.replaced.emit(name, f"{name} is gone: the {why} removed it. Deploy it again.", "")
                return
            route = next((route for route in await session.routes() if route.function_name == name), None)
            self.replaced.emit(name, f"{name} is {present.state} again: the {why} deployed it anew.",
                               route.url() if route else "")

        await self._look("list the functions", work())

    async def use_sample(self) -> DeployForm:
        """The seed flow's sample function, built into a zip the user can see and deploy."""
        path = data_dir() / "samples" / "seed-python.zip"
        await asyncio.to_thread(_write_sample, path)
        form = DeployForm(str(path), "seed", "python3.12", SEED_HANDLER)
        self.form_suggested.emit(form)
        return form

    async def set_watch(self, enabled: bool, form: DeployForm) -> None:
        """While on, every change of the zip redeploys it with `form`'s settings, and every save in a source
        folder reloads its code (a broken build is reported and the watch goes on)."""
        await self.stop_watching()
        folder = enabled and await asyncio.to_thread(Path(form.zip_path).is_dir)
        if folder:
            self._watcher = SourceReloader(_CurrentSession(self._session), Path(form.zip_path),
                                           spec_from_form(form, b""), self.reloaded.emit, self._watch_lost)
            self._watcher.start()
        elif enabled:
            self._watched_form = form
            self._watcher = ZipWatcher(Path(form.zip_path), self._redeploy)
            self._watcher.start()
        self.watch_changed.emit(enabled, form.zip_path if enabled else "")

    def _watch_lost(self, why: str) -> None:
        self.error_raised.emit(why, "Pick the folder again and turn the watch back on.")
        self.watch_changed.emit(False, "")

    async def stop_watching(self) -> None:
        if self._watcher is not None:
            await self._watcher.stop()
            self._watcher = None

    async def _redeploy(self, code: bytes) -> None:
        if self._watched_form is not None:
            await self.wait_idle()  # a deploy under way finishes first; this change is not lost
            await self.deploy(self._watched_form, code)


class _CurrentSession:
    """The hot reload deploys through whichever session the window has now (the profile may change)."""

    def __init__(self, source: SessionSource) -> None:
        self._source = source

    async def deploy_code(self, spec: FunctionSpec) -> Deployment:
        return await (await self._source()).deploy_code(spec)


def spec_from_form(form: DeployForm, code: bytes) -> FunctionSpec:
    return FunctionSpec(form.name.strip(), form.runtime, form.handler.strip(), code, form.memory_mb, form.timeout_s,
                        dict(form.environment))


def read_form_code(form: DeployForm) -> SourcePackage:
    if not form.zip_path:
        raise LambdadeskError("No zip or source folder is chosen.",
                              "Pick the Lambda zip or its source folder (Browse…, Folder…, or drop it on the tab).")
    return code_from(Path(form.zip_path), form.runtime, form.handler.strip())


def _write_sample(path: Path) -> None:
    write_atomic(path, seed_zip())
