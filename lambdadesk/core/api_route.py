"""A REST API wired to a function, as lambdadesk shows and calls it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ApiRoute:
    api_id: str
    stage: str
    function_name: str
    endpoint: str  # the emulator's URL, from the host
    name: str = ""  # the API's name

    def url(self, path: str = "") -> str:
        """The invoke URL that works on every LocalStack release (no DNS needed)."""
        return f"{self.endpoint}/restapis/{self.api_id}/{self.stage}/_user_request_/{path.lstrip('/')}"

    def execute_api_url(self, path: str = "") -> str:
        """The AWS-shaped host form; *.localhost.localstack.cloud resolves to 127.0.0.1."""
        port = urlsplit(self.endpoint).port
        return f"http://{self.api_id}.execute-api.localhost.localstack.cloud:{port}/{self.stage}/{path.lstrip('/')}"
