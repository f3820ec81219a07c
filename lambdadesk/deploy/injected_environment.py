"""The variables lambdadesk gives every function it deploys: where the emulator and Redis are in this topology,
and the ARN of each SNS topic in the emulator (SNS_TOPIC_ARN too when there is exactly one)."""

from __future__ import annotations

import re

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses, lambda_environment


def topic_variables(topic_arns: list[str]) -> dict[str, str]:
    """`SNS_TOPIC_ARN_<NAME>` per topic (name upper-cased, other characters as `_`); `SNS_TOPIC_ARN` if only one."""
    variables = {f"SNS_TOPIC_ARN_{re.sub(r'[^A-Z0-9]', '_', arn.rsplit(':', 1)[-1].upper())}": arn
                 for arn in topic_arns}
    if len(topic_arns) == 1:
        variables["SNS_TOPIC_ARN"] = topic_arns[0]
    return variables


def injected_environment(profile: Profile) -> dict[str, str]:
    """Blocking: asks the emulator for its topics."""
    sns = emulator_client("sns", addresses(profile).host.emulator_url, profile.region)
    arns = [topic["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for topic in page["Topics"]]
    return {**lambda_environment(profile), **topic_variables(sorted(arns))}
