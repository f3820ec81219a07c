"""The calls a session makes to the user's functions and what it keeps of them: invoke, send through an API,
the invocations kept, replay, and a call as text to run elsewhere (copy as)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from lambdadesk.adapters.errors import explain
from lambdadesk.core.copy_as import invoke_as, request_as
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.event_templates import Target, event_from_template
from lambdadesk.core.events import Notice
from lambdadesk.core.http_request import HttpResponse, RequestSpec, check_request
from lambdadesk.core.invocation import API, INVOKE, Invocation
from lambdadesk.core.request_lines import reported_request
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.function_invoker import FunctionInvoker, InvokeResult
from lambdadesk.invocations.invocation_recorder import Call
from lambdadesk.requests.request_runner import send
from lambdadesk.session.base import SessionBase

if TYPE_CHECKING:
    from lambdadesk.core.api_route import ApiRoute


class CallUseCases(SessionBase):
    """Invoke, send, the invocations kept, replay and copy as."""

    async def invoke(self, name: str, payload: object) -> InvokeResult:
        """Invoke directly; the invocation is kept (with the event) in the background."""
        return (await self._invoke(name, payload))[0]

    async def event_template(self, template: str, function: str) -> dict[str, object]:
        """An event as the template's service sends it (event_templates.TEMPLATES), for `function`: the stage of
        the API wired to it when there is one."""
        stages = [route.stage for route in await self.routes() if route.function_name == function]
        return event_from_template(template, Target(function, self.profile.region, stages[0] if stages else "dev"))

    async def _invoke(self, name: str, payload: object) -> tuple[InvokeResult, asyncio.Future[Invocation]]:
        if self._invoker is None:
            self._invoker = FunctionInvoker(*self._aws())
        await self._every_topic.listen()
        number = await asyncio.to_thread(self.invocations.begin, name)
        started = time.time()
        try:
            result = await asyncio.to_thread(self._invoker.invoke, name, payload)
        except BaseException:
            self.invocations.abandon(number)
            raise
        reported = [found for line in result.log_tail.split("\n") if (found := reported_request(line))]
        call = Call(name, INVOKE, started, time.time(), result.status, result.function_error, result.payload,
                    event=payload, request_id=reported[-1] if reported else None)
        return result, self._record(number, call)

    # --- requests ----------------------------------------------------------------------------------------

    async def send(self, spec: RequestSpec, history: bool = True) -> HttpResponse:
        """Send through the API the spec names (the first wired one when it names none); kept in the request
        history (unless not: a flow's steps) and, in the background, as an invocation."""
        return (await self._send(spec, history))[0]

    async def _send(self, spec: RequestSpec, history: bool = True) -> tuple[HttpResponse, asyncio.Future[Invocation]]:
        spec = check_request(spec)
        route = await self.route(spec.api)
        await self._every_topic.listen()
        number = await asyncio.to_thread(self.invocations.begin, route.function_name)
        started = time.time()
        try:
            response = await send(route.url(), spec)
        except BaseException:
            self.invocations.abandon(number)
            raise
        call = Call(route.function_name, API, started, time.time(), response.status,
                    f"HTTP {response.status}" if response.status >= 500 else None, response.body, spec.to_dict())
        if history:
            await asyncio.to_thread(self.requests.record, spec, response)
        return response, self._record(number, call)

    async def request_as(self, spec: RequestSpec, form: str) -> str:
        """The request as text to run elsewhere (copy_as.REQUEST_FORMS: curl, python), to the API it would go to."""
        spec = check_request(spec)
        return request_as(form, (await self.route(spec.api)).url(), spec)

    def invoke_as(self, name: str, payload: object, form: str) -> str:
        """A direct invoke as text to run elsewhere (copy_as.INVOKE_FORMS: aws, boto3)."""
        return invoke_as(form, *self._aws(), name, payload)

    async def invocation_as(self, invocation_id: str, form: str) -> str:
        """A kept invocation's call (its request, or its event) as text to run elsewhere."""
        kept = await self._kept_call(invocation_id, "Copy one lambdadesk made (source api or invoke).")
        if kept.request is not None:
            return await self.request_as(RequestSpec.from_dict(kept.request), form)
        return self.invoke_as(kept.function, kept.event, form)

    async def _kept_call(self, invocation_id: str, otherwise: str) -> Invocation:
        """The kept invocation, when its call is known (its request, or an invoke's event); else says why not."""
        kept = await asyncio.to_thread(self.invocations.store.find, invocation_id)
        if kept.request is None and kept.source != INVOKE:
            raise LambdadeskError(f"Invocation {kept.id} was seen only in {kept.function}'s log: its event is not "
                                  "known.", otherwise)
        return kept

    async def route(self, api: str) -> ApiRoute:
        """The route last used for `api` while it is still deployed (one call), else looked up again (several)."""
        known = self._routes.get(api)
        if known is None or not await asyncio.to_thread(api_gateway.still_deployed, *self._aws(), known):
            self._routes[api] = await asyncio.to_thread(api_gateway.find_route, *self._aws(), api)
        return self._routes[api]

    # --- invocations ---------------------------------------------------------------------------------------

    async def invocation_history(self, function: str | None = None) -> list[Invocation]:
        """Newest first; with the invocations only the function's log knows of (a trigger) picked up first. When
        the emulator does not answer, the kept ones (and why nothing new was looked for, in the store's problems)."""
        await self.recorded()
        try:
            names = [function] if function else [summary.name for summary in await self.functions()]
            for name in names:
                await asyncio.to_thread(self.invocations.pick_up_logged, name)
        except Exception as exc:
            explained = explain("look for invocations in the functions' logs", exc)
            if explained is None:
                raise
            self.invocations.store.problems.append(f"{explained.message} The kept invocations are listed.")
        return await asyncio.to_thread(self.invocations.store.history, function)

    async def invocation(self, which: str) -> Invocation:
        """A kept invocation by its id (or the start of it), or "last": the newest, once the calls made are kept."""
        await self.recorded()
        if which != "last":
            return await asyncio.to_thread(self.invocations.store.find, which)
        newest = await asyncio.to_thread(self.invocations.store.history, None, 1)
        if not newest:
            raise LambdadeskError("No invocation is kept yet.", "Send a request or invoke a function first.")
        return newest[0]

    async def replay(self, invocation_id: str) -> Invocation:
        """The kept invocation's call made again (the same HTTP request, or the same event); the new invocation."""
        kept = await self._kept_call(invocation_id, "Replay one lambdadesk made (source api or invoke), or invoke the "
                                                    "function yourself.")
        if kept.request is not None:
            return await (await self._send(RequestSpec.from_dict(kept.request)))[1]
        return await (await self._invoke(kept.function, kept.event))[1]

    async def recorded(self) -> None:
        """Wait until every call made so far is kept."""
        if self._recordings:
            await asyncio.gather(*self._recordings, return_exceptions=True)

    def _record(self, number: int, call: Call) -> asyncio.Future[Invocation]:
        task = asyncio.wrap_future(self.invocations.submit(number, call))
        self._recordings.add(task)
        task.add_done_callback(self._recorded)
        return task

    def _recorded(self, task: asyncio.Future[Invocation]) -> None:
        self._recordings.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._on_event(Notice(f"An invocation could not be kept: {task.exception()}"))
