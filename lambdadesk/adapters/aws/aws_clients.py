"""boto3 clients pointed at the local emulator, with dummy credentials and short timeouts.

Creating a client costs ~150 ms (botocore loads its service model), so clients are made once per endpoint and
service and shared; boto3 clients are thread-safe.
"""

from __future__ import annotations

import functools
from typing import Any

import boto3
from botocore.config import Config

DUMMY_KEY_ID = "test"
DUMMY_SECRET = "test"


@functools.lru_cache(maxsize=128)
def emulator_client(service: str, endpoint: str, region: str, read_timeout_s: float = 30, attempts: int = 2) -> Any:
    config = Config(connect_timeout=3, read_timeout=read_timeout_s, retries={"max_attempts": attempts},
                    max_pool_connections=20)
    session = _session(region)
    return session.client(service, endpoint_url=endpoint, config=config)  # type: ignore[call-overload]


@functools.lru_cache(maxsize=16)
def _session(region: str) -> boto3.session.Session:
    return boto3.session.Session(DUMMY_KEY_ID, DUMMY_SECRET, region_name=region)
