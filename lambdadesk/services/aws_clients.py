"""boto3 clients pointed at the local emulator, with dummy credentials and short timeouts."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

DUMMY_KEY_ID = "test"
DUMMY_SECRET = "test"


def emulator_client(service: str, endpoint: str, region: str, read_timeout_s: float = 30, attempts: int = 2) -> Any:
    config = Config(connect_timeout=3, read_timeout=read_timeout_s, retries={"max_attempts": attempts})
    session = boto3.session.Session(DUMMY_KEY_ID, DUMMY_SECRET, region_name=region)
    return session.client(service, endpoint_url=endpoint, config=config)  # type: ignore[call-overload]
