"""Which subscriptions a topic has: where the messages an invocation published were sent."""

from __future__ import annotations

from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client


class TopicReader:
    def __init__(self, endpoint: str, region: str) -> None:
        self._sns: Any = emulator_client("sns", endpoint, region)

    def subscriptions(self, topic_arn: str) -> tuple[str, ...]:
        """Blocking. `protocol:endpoint` of each confirmed subscription (the first 100); none if the topic is gone."""
        try:
            listed = self._sns.list_subscriptions_by_topic(TopicArn=topic_arn).get("Subscriptions", [])
        except self._sns.exceptions.NotFoundException:
            return ()
        return tuple(f"{one.get('Protocol', '?')}:{one.get('Endpoint', '?')}" for one in listed
                     if str(one.get("SubscriptionArn", "")).startswith("arn:"))[:100]
