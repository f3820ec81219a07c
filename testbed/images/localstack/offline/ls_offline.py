"""Start LocalStack 4.14 so that it runs Lambdas with no internet access, on the host network.

Three in-process patches, applied before LocalStack's own entry point (no site-packages edits):
1. the Lambda runtime init comes from ./runtime-init (a Python stand-in) instead of a binary LocalStack
   would download from GitHub;
2. a runtime image that exists locally is never pulled (no registry is reachable);
3. with LAMBDA_DOCKER_NETWORK=host a Lambda container's address is 127.0.0.1 and each environment gets its
   own free port (LOCALSTACK_INIT_PORT), because host-network containers all share one network namespace; the
   init then listens on 127.0.0.1 only (on a bridge network it listens on the container's own addresses, where
   LocalStack reaches it).
"""

import os
import pathlib
import sys

from localstack import config
from localstack.services.lambda_.invocation import docker_runtime_executor as executor
from localstack.utils.net import get_free_tcp_port

INIT_DIR = pathlib.Path(os.environ.get("LS_OFFLINE_INIT_DIR", pathlib.Path(__file__).parent / "runtime-init"))

executor.get_runtime_client_path = lambda: INIT_DIR

_ensure_image = executor._ensure_runtime_image_present


def _ensure_image_present(image, platform):  # type: ignore[no-untyped-def]
    try:
        executor.CONTAINER_CLIENT.inspect_image(image, pull=False)
    except Exception:
        _ensure_image(image, platform)


executor._ensure_runtime_image_present = _ensure_image_present

_container_ip = executor.CONTAINER_CLIENT.get_container_ipv4_for_network


def _container_ipv4(container_name_or_id, container_network):  # type: ignore[no-untyped-def]
    if container_network == "host":
        return "127.0.0.1"
    return _container_ip(container_name_or_id=container_name_or_id, container_network=container_network)


executor.CONTAINER_CLIENT.get_container_ipv4_for_network = _container_ipv4

_start = executor.DockerRuntimeExecutor.start


def _start_on_own_port(self, env_vars):  # type: ignore[no-untyped-def]
    if (config.LAMBDA_DOCKER_NETWORK or "").split(",")[0] == "host":
        port = get_free_tcp_port()
        env_vars = dict(env_vars, LOCALSTACK_INIT_PORT=str(port), LS_OFFLINE_INIT_HOST="127.0.0.1")
        self.executor_endpoint.container_port = port
    return _start(self, env_vars)


executor.DockerRuntimeExecutor.start = _start_on_own_port

if __name__ == "__main__":
    from localstack.runtime.main import main

    sys.exit(main())
