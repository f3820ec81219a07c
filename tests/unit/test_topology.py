from lambdadesk.core.profile import EmulatorKind, Profile, Topology
from lambdadesk.core.topology import addresses, lambda_environment, shell_environment


def test_on_the_private_network_lambdas_use_aliases_and_the_host_uses_published_ports() -> None:
    view = addresses(Profile(emulator_port=4000, redis_port=7000))
    assert view.host.emulator_url == "http://127.0.0.1:4000" and view.host.redis_port == 7000
    assert view.lambda_.emulator_url == "http://localstack:4566"
    assert (view.lambda_.redis_host, view.lambda_.redis_port) == ("redis", 6379)


def test_with_dind_lambdas_reach_everything_on_the_pods_loopback() -> None:
    view = addresses(Profile(dind=True, emulator_port=4000))
    assert view.lambda_.emulator_url == "http://127.0.0.1:4566"
    assert view.lambda_.redis_host == "127.0.0.1"
    assert view.host.dind_url == "tcp://127.0.0.1:2375"


def test_on_the_host_network_both_views_are_the_same_loopback_ports() -> None:
    view = addresses(Profile(topology=Topology.HOST, emulator_port=14566, redis_port=16379))
    assert view.host == view.lambda_


def test_injected_variables_match_the_topology() -> None:
    # the names the seed's Go Lambda and the AWS SDKs read (AWS_ENDPOINT and REDIS_SERVER_ADDRESS are the seed's)
    assert lambda_environment(Profile(region="eu-west-1")) == {
        "AWS_ENDPOINT_URL": "http://localstack:4566", "AWS_ENDPOINT": "http://localstack:4566",
        "AWS_REGION": "eu-west-1", "REDIS_HOST": "redis", "REDIS_PORT": "6379", "REDIS_SERVER_ADDRESS": "redis:6379"}


def test_the_shell_environment_points_tools_at_the_hosts_view() -> None:
    assert shell_environment(Profile(emulator_port=4000, redis_port=7000, region="eu-north-1")) == {
        "AWS_ENDPOINT_URL": "http://127.0.0.1:4000", "AWS_DEFAULT_REGION": "eu-north-1", "AWS_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "REDIS_URL": "redis://127.0.0.1:7000"}


def test_ministacks_lambdas_run_in_its_own_container_and_see_what_it_sees() -> None:
    view = addresses(Profile(emulator=EmulatorKind.MINISTACK, emulator_port=4000, redis_port=7000))
    assert view.host.emulator_url == "http://127.0.0.1:4000"
    assert view.lambda_.emulator_url == "http://127.0.0.1:4566"  # itself, from inside its container
    assert (view.lambda_.redis_host, view.lambda_.redis_port) == ("redis", 6379)
    on_host = Profile(emulator=EmulatorKind.MINISTACK, topology=Topology.HOST, emulator_port=14566)
    assert addresses(on_host).lambda_ == addresses(on_host).host
