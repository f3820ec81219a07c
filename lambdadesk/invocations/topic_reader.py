"""Which subscriptions a topic has: where the messages an invocation published were sent."""

from __future__ import annotations

import time
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client

FRESH_S = 2.0


class TopicReader:
    def __init__(self, endpoint: str, region: str) -> None:
        self._sns: Any = emulator_client("sns", endpoint, region)
        self._seen: dict[str, tuple[float, tuple[str, ...]]] = {}  # topic -> (when read, its subscriptions)

    def subscriptions(self, topic_arn: str) -> tuple[str, ...]:
        """Blocking. `protocol:endpoint` of each confirmed subscription (the first 100); none if the topic is gone.
        Read again when older than FRESH_S."""
        seen = self._seen.get(topic_arn)
        if seen is not None and time.monotonic() - seen[0] < FRESH_S:
            return seen[1]
        try:
            listed = self._sns.list_subscriptions_by_topic(TopicArn=topic_arn).get("Subscriptions", [])
        except self._sns.exceptions.NotFoundException:
            return ()
        found = tuple(f"{one.get('Protocol', '?')}:{one.get('Endpoint', '?')}" for one in listed
                      if str(one.get("SubscriptionArn", "")).startswith("arn:"))[:100]
        self._seen[topic_arn] = (time.monotonic(), found)
        return found
