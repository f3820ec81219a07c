"""The seed flow with the emulator's Lambdas in a dind daemon of the environment's own: on the host topology, and
in the bridge pass on the bridge topology's 'pod' (the emulator and Redis in the dind container's network, the
capture endpoint expecting the pod's address)."""

import pytest

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.adapters.store import dind_certificate_store
from lambdadesk.core import labels
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from tests.engine import shipped_profile_data


@pytest.fixture
def testbed_profile() -> Profile:
    return Profile.from_dict(shipped_profile_data(name="itest-dind", dind=True))


@pytest.mark.every_topology
@pytest.mark.proves("seed flow", topology="dind")
async def test_the_seed_flow_passes_with_its_lambdas_in_the_environments_dind(session: Session) -> None:
    await session.up()
    report = await run_seed_sample(session, "python3.12", lambda step: None)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    profile = session.profile
    host_functions = owned_objects.containers(session.connection.client, profile.name, labels.LAMBDA_SERVICE)
    assert host_functions == []  # not on the host's engine: inside the dind daemon
    dind_url = addresses(profile).host.dind_url
    assert dind_url is not None
    inner = dind_client(dind_url, dind_certificate_store.client_dir(profile.name))
    try:
        assert owned_objects.containers(inner, profile.name, labels.LAMBDA_SERVICE)
    finally:
        inner.close()
