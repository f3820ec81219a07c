import pytest

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.events import ServiceState
from lambdadesk.core.profile import EmulatorKind
from lambdadesk.core.topology import addresses
from lambdadesk.environment.service import EnvironmentService
from tests.engine import IMAGE_PREFIX


@pytest.mark.proves("environment up", emulator="moto")
@pytest.mark.proves("fast reset", emulator="moto")
async def test_moto_as_the_emulator_comes_up_and_resets_in_place(orchestrator: EnvironmentService) -> None:
    orchestrator.profile = orchestrator.profile.replace(emulator=EmulatorKind.MOTO,
                                                        emulator_image=f"{IMAGE_PREFIX}/moto:5")
    await orchestrator.up()
    assert {row.service: row.state for row in await orchestrator.status()} == {
        "emulator": ServiceState.READY, "redis": ServiceState.READY}
    sns = emulator_client("sns", addresses(orchestrator.profile).host.emulator_url, "us-east-1")
    sns.create_topic(Name="seed-topic")

    report = await orchestrator.reset()

    assert report.path == "fast" and report.actions[0] == "moto: state reset in place"
    assert sns.list_topics()["Topics"] == []
