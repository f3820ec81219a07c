import dataclasses

import pytest

from lambdadesk.core import labels
from lambdadesk.core.dind_certificates import DindCertificates
from lambdadesk.core.emulator_image import choose_emulator_image
from lambdadesk.core.engine import CERTS_IN_CONTAINER, EngineReach, engine_reach, profile_reach, unreachable_engine
from lambdadesk.core.profile import DindSecurity, EmulatorKind, Profile, ProfileError, Topology
from lambdadesk.environment.container_spec import ContainerSpec, ReadinessKind
from lambdadesk.environment.container_specs import build_specs

SOCKET = "/run/docker.sock"
ENGINE = EngineReach(socket=SOCKET)
CERTS = DindCertificates("/home/u/.local/share/lambdadesk/dind-tls/p", "CA-PEM", "SERVER-CERT", "CLIENT-CERT",
                         "SERVER-KEY-SECRET", "CLIENT-KEY-SECRET")


def specs_by_service(profile: Profile, token: str | None = None,
                     image: str = "emu:1") -> dict[str, ContainerSpec]:
    return {s.service: s for s in build_specs(profile, image, ENGINE, token, CERTS)}


def test_bridge_topology_publishes_on_loopback_and_lambdas_join_the_private_network() -> None:
    specs = specs_by_service(Profile(name="p"))
    emulator, redis = specs["emulator"], specs["redis"]
    assert emulator.network == redis.network == "lambdadesk-p"
    assert emulator.create_kwargs()["ports"] == {"4566/tcp": ("127.0.0.1", 4566)}
    assert redis.create_kwargs()["ports"] == {"6379/tcp": ("127.0.0.1", 6379)}
    assert emulator.environment["LAMBDA_DOCKER_NETWORK"] == "lambdadesk-p"
    assert emulator.binds == {SOCKET: "/var/run/docker.sock"}
    assert "redis" in redis.aliases and "localstack" in emulator.aliases


def test_host_topology_listens_on_loopback_ports_only() -> None:
    specs = specs_by_service(Profile(topology=Topology.HOST, emulator_port=14566, redis_port=16379))
    assert specs["emulator"].network_mode == "host"
    assert specs["emulator"].environment["GATEWAY_LISTEN"] == "127.0.0.1:14566"
    assert specs["redis"].command is not None and "127.0.0.1" in specs["redis"].command
    assert specs["redis"].host_ports() == [16379]


def test_every_container_and_every_lambda_container_carries_the_ownership_labels() -> None:
    for spec in build_specs(Profile(name="p", dind=True), "emu:1", ENGINE, dind_tls=CERTS):
        assert labels.is_owned(spec.labels(), "p")
        assert spec.labels()[labels.SERVICE] == spec.service
    flags = specs_by_service(Profile(name="p"))["emulator"].environment["LAMBDA_DOCKER_FLAGS"]
    assert "-l lambdadesk.managed=true" in flags and "-l lambdadesk.profile=p" in flags


def test_dind_works_like_a_pod_the_others_share_its_network_namespace() -> None:
    specs = specs_by_service(Profile(name="p", dind=True))
    dind, emulator, redis = specs["dind"], specs["emulator"], specs["redis"]
    assert emulator.network_mode == redis.network_mode == "container:lambdadesk-p-dind"
    assert dind.create_kwargs()["ports"] == {"2375/tcp": ("127.0.0.1", 2375), "4566/tcp": ("127.0.0.1", 4566),
                                             "6379/tcp": ("127.0.0.1", 6379)}
    assert emulator.environment["DOCKER_HOST"] == "tcp://127.0.0.1:2375"
    assert emulator.environment["LAMBDA_DOCKER_NETWORK"] == "host"
    assert emulator.binds == {}  # the host engine is not handed to the emulator
    assert emulator.depends_on == redis.depends_on == ("dind",)
    assert dind.volumes == {"lambdadesk-p-dind-storage": "/var/lib/docker"}


def test_dind_is_privileged_only_when_the_user_chose_it() -> None:
    privileged = specs_by_service(Profile(dind=True))["dind"]
    assert privileged.create_kwargs()["privileged"] is True
    limited = specs_by_service(Profile(dind=True, dind_security=DindSecurity.CAPABILITIES))["dind"]
    kwargs = limited.create_kwargs()
    assert "privileged" not in kwargs
    assert kwargs["cap_drop"] == ["SYS_RESOURCE"] and "seccomp=unconfined" in kwargs["security_opt"]
    assert limited.unmask_system_paths and not privileged.unmask_system_paths


def test_the_token_reaches_the_container_but_not_its_labels_or_hash_input() -> None:
    token = "ls-SECRET-token-1234"
    emulator = specs_by_service(Profile(), token, "localstack/localstack:latest")["emulator"]
    assert emulator.create_kwargs()["environment"]["LOCALSTACK_AUTH_TOKEN"] == token
    assert token not in str(emulator.labels()) and token not in str(emulator.environment)
    other = specs_by_service(Profile(), "another-token-5678", "localstack/localstack:latest")["emulator"]
    assert emulator.spec_hash() != other.spec_hash()  # a new token recreates the container


def test_the_users_emulator_settings_win_and_debug_changes_the_identity() -> None:
    plain = specs_by_service(Profile(emulator_env={"SERVICES": "sqs"}))["emulator"]
    assert plain.environment["SERVICES"] == "sqs"
    debug = specs_by_service(Profile(emulator_env={"SERVICES": "sqs"}, debug=True))["emulator"]
    assert debug.environment["DEBUG"] == "1" and debug.spec_hash() != plain.spec_hash()


def test_each_emulator_gets_its_own_readiness_check() -> None:
    kinds = {kind: specs_by_service(Profile(emulator=kind))["emulator"].readiness.kind for kind in EmulatorKind}
    assert kinds == {EmulatorKind.LOCALSTACK: ReadinessKind.LOCALSTACK, EmulatorKind.FLOCI: ReadinessKind.AWS_API,
                     EmulatorKind.MOTO: ReadinessKind.MOTO, EmulatorKind.MINISTACK: ReadinessKind.MINISTACK}
    moto = specs_by_service(Profile(emulator=EmulatorKind.MOTO))["emulator"]
    assert moto.create_kwargs()["ports"] == {"5000/tcp": ("127.0.0.1", 4566)}


@pytest.mark.parametrize("topology", list(Topology))
def test_the_dind_api_answers_only_over_tls_to_the_environments_clients(topology: Topology) -> None:
    specs = specs_by_service(Profile(name="p", dind=True, topology=topology))
    dind, emulator = specs["dind"], specs["emulator"]
    assert dind.command is not None and "--tlsverify" in dind.command
    assert {"--tlscacert=/etc/lambdadesk/dind-tls/ca.pem", "--tlscert=/etc/lambdadesk/dind-tls/cert.pem",
            "--tlskey=/etc/lambdadesk/dind-tls/key.pem"} <= set(dind.command)
    assert [f for f in dind.command if f.startswith("--host=tcp://")] != []  # TCP only together with TLS
    assert dind.secret_files == {"/etc/lambdadesk/dind-tls/ca.pem": "CA-PEM",
                                 "/etc/lambdadesk/dind-tls/cert.pem": "SERVER-CERT",
                                 "/etc/lambdadesk/dind-tls/key.pem": "SERVER-KEY-SECRET"}
    assert dind.readiness.tls_dir == CERTS.client_dir
    assert emulator.environment["DOCKER_TLS_VERIFY"] == "1"
    assert emulator.environment["DOCKER_CERT_PATH"] == "/etc/lambdadesk/dind-client"
    assert emulator.secret_files["/etc/lambdadesk/dind-client/key.pem"] == "CLIENT-KEY-SECRET"
    for spec in (dind, emulator):  # keys stay out of reprs, labels and the create call's environment
        assert "KEY-SECRET" not in repr(spec) + str(spec.labels()) + str(spec.create_kwargs())
    assert specs["redis"].secret_files == {}


def test_new_certificates_recreate_the_containers_that_hold_them() -> None:
    before = specs_by_service(Profile(name="p", dind=True))
    renewed = dataclasses.replace(CERTS, client_key_pem="ANOTHER-KEY")
    after = {s.service: s for s in build_specs(Profile(name="p", dind=True), "emu:1", ENGINE, None, renewed)}
    assert after["emulator"].spec_hash() != before["emulator"].spec_hash()
    assert after["redis"].spec_hash() == before["redis"].spec_hash()


def test_a_dind_environment_is_never_built_without_its_certificates() -> None:
    with pytest.raises(ValueError, match="never left open"):
        build_specs(Profile(dind=True), "emu:1", ENGINE)
    assert len(build_specs(Profile(), "emu:1", ENGINE)) == 2  # without dind none are needed


def test_stop_waits_for_the_emulator_only_when_it_saves_state_on_the_way_down() -> None:
    assert specs_by_service(Profile())["emulator"].stop_timeout_s == 5
    persisting = Profile(emulator_env={"PERSISTENCE": "1"})
    assert specs_by_service(persisting)["emulator"].stop_timeout_s == 30


def test_the_users_lambda_docker_flags_are_added_to_the_ownership_labels_never_replace_them() -> None:
    flags = specs_by_service(Profile(name="p", emulator_env={"LAMBDA_DOCKER_FLAGS": "-e DEBUG=1 --memory 512m"})
                             )["emulator"].environment["LAMBDA_DOCKER_FLAGS"]
    assert "-l lambdadesk.managed=true" in flags and "-l lambdadesk.profile=p" in flags
    assert flags.endswith("-e DEBUG=1 --memory 512m")


def test_the_token_goes_only_to_localstack_images_and_docker_settings_stay_lambdadesks() -> None:
    token = "ls-SECRET-token-1234"
    for image in ("localstack/localstack:latest", "docker.io/localstack/localstack-pro:4.15"):
        given = specs_by_service(Profile(), token, image)["emulator"].create_kwargs()["environment"]
        assert given["LOCALSTACK_AUTH_TOKEN"] == token
    for image in ("evil/localstack:latest", "localstack/localstack.evil:1", "registry.example/x:1"):
        withheld = specs_by_service(Profile(), token, image)["emulator"].create_kwargs()["environment"]
        assert "LOCALSTACK_AUTH_TOKEN" not in withheld and token not in str(withheld)
    choice = choose_emulator_image(Profile(emulator_image="evil/localstack:latest"), has_token=True)
    assert choice.image == "evil/localstack:latest" and "not given to evil/localstack:latest" in choice.notice
    with pytest.raises(ProfileError, match="emulator_env cannot set DOCKER_HOST"):
        Profile(emulator_env={"DOCKER_HOST": "tcp://attacker:2375", "DEBUG": "1"})


@pytest.mark.parametrize(("endpoint", "platform", "reach"), [
    ("unix:///run/user/1000/podman/podman.sock", "linux", EngineReach(socket="/run/user/1000/podman/podman.sock")),
    ("ssh://me@build-box", "linux", EngineReach(socket="/var/run/docker.sock")),  # that host's own socket
    ("tcp://engine.example.com:2376", "linux", EngineReach(docker_host="tcp://engine.example.com:2376")),
    ("https://engine.example.com:2376/", "linux", EngineReach(docker_host="tcp://engine.example.com:2376")),
    ("unix:///Users/me/.docker/run/docker.sock", "darwin", EngineReach(socket="/var/run/docker.sock")),  # the VM's
    ("npipe:////./pipe/docker_engine", "linux", EngineReach()),
    ("npipe:////./pipe/docker_engine", "win32", EngineReach(socket="/var/run/docker.sock")),  # Docker Desktop's VM
    ("tcp://engine.example.com:2375", "win32", EngineReach(docker_host="tcp://engine.example.com:2375")),
    ("http://engine.example.com:2375//", "linux", EngineReach(docker_host="tcp://engine.example.com:2375")),
])
def test_the_emulator_reaches_each_kind_of_engine_its_own_way(endpoint: str, platform: str,
                                                              reach: EngineReach) -> None:
    assert engine_reach(endpoint, platform) == reach


def test_an_ssh_engines_socket_is_where_the_profile_says_on_that_host() -> None:
    at = Profile(engine_socket="/var/lib/engine/docker.sock")
    ssh = engine_reach("ssh://me@build-box", "linux")
    assert profile_reach(ssh, "ssh://me@build-box", at) == EngineReach(socket="/var/lib/engine/docker.sock")
    assert profile_reach(ssh, "ssh://me@build-box", Profile()) == EngineReach(socket="/var/run/docker.sock")
    local = engine_reach("unix:///run/docker.sock", "linux")  # a local socket is where the client found it
    assert profile_reach(local, "unix:///run/docker.sock", at) == EngineReach(socket="/run/docker.sock")
    with pytest.raises(ProfileError, match=r"engine_socket is 'docker\.sock', not an absolute path"):
        Profile(engine_socket="docker.sock")


def test_a_tcp_engine_is_handed_to_the_emulator_as_docker_host_with_its_tls_files() -> None:
    tls = (("ca.pem", "CA"), ("cert.pem", "CERT"), ("key.pem", "KEY-SECRET"))
    emulator = {s.service: s for s in build_specs(Profile(name="p", topology=Topology.HOST), "emu:1",
                                                  engine_reach("tcp://127.0.0.1:2376", "linux", tls))}["emulator"]
    assert emulator.binds == {}  # no socket to mount: the emulator connects as lambdadesk does
    assert emulator.environment["DOCKER_HOST"] == "tcp://127.0.0.1:2376"
    assert emulator.environment["DOCKER_TLS_VERIFY"] == "1"
    assert emulator.secret_files == {f"{CERTS_IN_CONTAINER}/ca.pem": "CA", f"{CERTS_IN_CONTAINER}/cert.pem": "CERT",
                                     f"{CERTS_IN_CONTAINER}/key.pem": "KEY-SECRET"}
    assert emulator.environment["DOCKER_CERT_PATH"] == CERTS_IN_CONTAINER
    assert "KEY-SECRET" not in str(emulator.create_kwargs())  # the key goes in as a file, never in a variable
    plain = {s.service: s for s in build_specs(Profile(name="p", topology=Topology.HOST), "emu:1",
                                               engine_reach("tcp://127.0.0.1:2375", "linux"))}["emulator"]
    assert "DOCKER_TLS_VERIFY" not in plain.environment and plain.secret_files == {}


@pytest.mark.parametrize(("docker_host", "loopback"), [
    ("tcp://127.0.0.1:2375", True), ("tcp://localhost:2375", True), ("tcp://[::1]:2375", True),
    ("tcp://127.0.0.2:2375", True), ("tcp://engine.example.com:2375", False), ("tcp://localhost.example:2375", False),
    (None, False),
])
def test_an_engine_on_this_machines_loopback_is_told_apart(docker_host: str | None, loopback: bool) -> None:
    assert EngineReach(docker_host=docker_host).on_loopback() is loopback


def test_an_engine_the_emulator_cannot_reach_is_said_in_full() -> None:
    problem = unreachable_engine(engine_reach("tcp://127.0.0.1:2375", "linux"), "tcp://127.0.0.1:2375",
                                 Profile(topology=Topology.BRIDGE))
    assert problem is not None and (problem.message, problem.next_step) == (
        "The engine listens on tcp://127.0.0.1:2375, this machine's loopback, which the emulator's container on a "
        "bridge network cannot reach, so no Lambda could start.",
        'Use the host topology ("topology": "host" in the profile; lambdadesk profile save NAME writes one you can '
        "edit), or point DOCKER_HOST at the engine's unix socket.")
    odd = unreachable_engine(EngineReach(), "npipe:////./pipe/docker_engine", Profile())
    assert odd is not None and (odd.message, odd.next_step) == (
        "The emulator could not reach the engine at npipe:////./pipe/docker_engine to start Lambda containers: "
        "lambdadesk knows how to hand it a unix socket, an ssh engine's socket or a tcp address, not this.",
        "Point DOCKER_HOST at the engine's unix socket or tcp address.")


def test_an_engine_the_emulator_cannot_reach_is_said_before_anything_starts() -> None:
    loopback = engine_reach("tcp://127.0.0.1:2375", "linux")
    problem = unreachable_engine(loopback, "tcp://127.0.0.1:2375", Profile(topology=Topology.BRIDGE))
    assert problem is not None and "cannot reach" in problem.message and "host topology" in problem.next_step
    assert unreachable_engine(loopback, "tcp://127.0.0.1:2375", Profile(topology=Topology.HOST)) is None
    assert unreachable_engine(loopback, "tcp://127.0.0.1:2375", Profile(dind=True)) is None  # dind's own daemon
    remote = "tcp://engine.example.com:2375"
    assert unreachable_engine(engine_reach(remote, "linux"), remote, Profile()) is None
    odd = unreachable_engine(EngineReach(), "npipe:////./pipe/docker_engine", Profile())
    assert odd is not None and "DOCKER_HOST" in odd.next_step


def test_localstack_finds_its_own_s3_host_name_in_its_hosts_file() -> None:
    # LocalStack looks up s3.<LOCALSTACK_HOST's host> on every deploy; with no DNS upstream that took 10 s
    assert specs_by_service(Profile(name="p"))["emulator"].create_kwargs()["extra_hosts"] == {
        "s3.127.0.0.1": "127.0.0.1"}
    assert specs_by_service(Profile(name="p", topology=Topology.HOST))["emulator"].extra_hosts == {
        "s3.127.0.0.1": "127.0.0.1"}
    own = Profile(name="p", emulator_env={"LOCALSTACK_HOST": "localhost.localstack.cloud"})
    assert specs_by_service(own)["emulator"].extra_hosts == {"s3.localhost.localstack.cloud": "127.0.0.1"}
    # with dind on the bridge topology, in the dind container's hosts file, which the emulator shares with its
    # network (Docker refuses hosts of the emulator's own there); on the host one, the emulator's own as without
    with_dind = specs_by_service(Profile(name="p", dind=True))
    assert with_dind["emulator"].extra_hosts == {} and with_dind["dind"].create_kwargs()["extra_hosts"] == {
        "s3.127.0.0.1": "127.0.0.1"}
    on_host = specs_by_service(Profile(name="p", dind=True, topology=Topology.HOST))
    assert on_host["emulator"].extra_hosts == {"s3.127.0.0.1": "127.0.0.1"} and on_host["dind"].extra_hosts == {}
    assert specs_by_service(Profile(name="p", dind=True, emulator=EmulatorKind.MOTO))["dind"].extra_hosts == {}
    assert "extra_hosts" not in specs_by_service(Profile(name="p", emulator=EmulatorKind.MOTO))[
        "emulator"].create_kwargs()


OWNED = {"lambdadesk.managed": "true", "lambdadesk.profile": "p"}
LAMBDA_FLAGS = "-l lambdadesk.managed=true -l lambdadesk.profile=p -l lambdadesk.service=lambda"
SERVICES = "lambda,apigateway,sns,iam,sts,logs,s3"


def _created(spec: ContainerSpec) -> dict[str, object]:
    created = spec.create_kwargs()
    assert created["labels"].pop("lambdadesk.spec-hash") == spec.spec_hash()
    return created


def test_what_docker_is_asked_to_create_on_the_bridge_topology() -> None:
    specs = specs_by_service(Profile(name="p", emulator_port=14566, redis_port=16379))
    assert _created(specs["redis"]) == {
        "image": "redis:7-alpine", "name": "lambdadesk-p-redis", "labels": {**OWNED, "lambdadesk.service": "redis"},
        "environment": {}, "detach": True, "stop_signal": "SIGTERM", "init": True,
        "command": ["--notify-keyspace-events", "KEA"],  # the Redis inspector's live watch needs them
        "network": "lambdadesk-p", "networking_config": {"lambdadesk-p": {"Aliases": ["redis"]}},
        "ports": {"6379/tcp": ("127.0.0.1", 16379)}}
    assert _created(specs["emulator"]) == {
        "image": "emu:1", "name": "lambdadesk-p-emulator", "labels": {**OWNED, "lambdadesk.service": "emulator"},
        "environment": {"SERVICES": SERVICES, "DEBUG": "0", "MAIN_CONTAINER_NAME": "lambdadesk-p-emulator",
                        "LAMBDA_DOCKER_FLAGS": LAMBDA_FLAGS, "LOCALSTACK_HOST": "127.0.0.1:14566",
                        "AWS_DEFAULT_REGION": "us-east-1", "LAMBDA_DOCKER_NETWORK": "lambdadesk-p",
                        "DOCKER_BRIDGE_IP": "emulator",  # LocalStack's name on the network: it never pings
                        "AWS_EC2_METADATA_DISABLED": "true"},  # nor looks for the cloud's instance metadata
        "detach": True, "stop_signal": "SIGTERM", "init": True, "extra_hosts": {"s3.127.0.0.1": "127.0.0.1"},
        "network": "lambdadesk-p", "networking_config": {"lambdadesk-p": {"Aliases": ["emulator", "localstack"]}},
        "ports": {"4566/tcp": ("127.0.0.1", 14566)},
        "volumes": {SOCKET: {"bind": "/var/run/docker.sock", "mode": "rw"}}}
    assert (specs["emulator"].readiness.kind, specs["emulator"].readiness.host, specs["emulator"].readiness.port,
            specs["emulator"].readiness.aws_services) == (ReadinessKind.LOCALSTACK, "127.0.0.1", 14566,
                                                          tuple(SERVICES.split(",")))
    assert (specs["redis"].readiness.kind, specs["redis"].readiness.port) == (ReadinessKind.REDIS, 16379)
    assert specs["emulator"].stop_timeout_s == 5 and specs["emulator"].depends_on == ()


def test_what_docker_is_asked_to_create_on_the_host_topology() -> None:
    specs = specs_by_service(Profile(name="p", topology=Topology.HOST, emulator_port=14566, redis_port=16379))
    assert _created(specs["redis"]) == {
        "image": "redis:7-alpine", "name": "lambdadesk-p-redis", "labels": {**OWNED, "lambdadesk.service": "redis"},
        "environment": {}, "detach": True, "stop_signal": "SIGTERM", "init": True, "network_mode": "host",
        "command": ["--notify-keyspace-events", "KEA", "--bind", "127.0.0.1", "--port", "16379"]}
    assert _created(specs["emulator"]) == {
        "image": "emu:1", "name": "lambdadesk-p-emulator", "labels": {**OWNED, "lambdadesk.service": "emulator"},
        "environment": {"SERVICES": SERVICES, "DEBUG": "0", "MAIN_CONTAINER_NAME": "lambdadesk-p-emulator",
                        "LAMBDA_DOCKER_FLAGS": LAMBDA_FLAGS, "LOCALSTACK_HOST": "127.0.0.1:14566",
                        "AWS_DEFAULT_REGION": "us-east-1", "GATEWAY_LISTEN": "127.0.0.1:14566",
                        "LAMBDA_DOCKER_NETWORK": "host", "HOSTNAME_FROM_LAMBDA": "127.0.0.1",
                        "DOCKER_BRIDGE_IP": "127.0.0.1", "AWS_EC2_METADATA_DISABLED": "true"},
        "detach": True, "stop_signal": "SIGTERM", "init": True, "extra_hosts": {"s3.127.0.0.1": "127.0.0.1"},
        "network_mode": "host", "volumes": {SOCKET: {"bind": "/var/run/docker.sock", "mode": "rw"}}}


def test_persistence_gives_the_emulator_time_to_save_on_stop() -> None:
    for value, seconds in (("1", 30), ("true", 30), ("TRUE", 30), ("0", 5), ("", 5)):
        spec = specs_by_service(Profile(name="p", emulator_env={"PERSISTENCE": value}))["emulator"]
        assert spec.stop_timeout_s == seconds, value
    flags = specs_by_service(Profile(name="p", emulator_env={"LAMBDA_DOCKER_FLAGS": " -e A=1 "}))["emulator"]
    assert flags.environment["LAMBDA_DOCKER_FLAGS"] == f"{LAMBDA_FLAGS} -e A=1"  # the ownership labels stay


def test_what_docker_is_asked_to_create_with_dind_on_the_bridge_topology() -> None:
    specs = specs_by_service(Profile(name="p", dind=True, dind_port=12375))
    tls = "/etc/lambdadesk/dind-tls"
    dind = _created(specs["dind"])
    assert dind == {
        "image": "docker:dind", "name": "lambdadesk-p-dind", "labels": {**OWNED, "lambdadesk.service": "dind"},
        "environment": {"DOCKER_TLS_CERTDIR": ""}, "detach": True, "stop_signal": "SIGTERM",
        "init": False,  # dockerd is its own init
        "command": ["dockerd", "--host=tcp://0.0.0.0:2375", "--host=unix:///var/run/docker.sock", "--tlsverify",
                    f"--tlscacert={tls}/ca.pem", f"--tlscert={tls}/cert.pem", f"--tlskey={tls}/key.pem"],
        "network": "lambdadesk-p", "networking_config": {"lambdadesk-p": {"Aliases": ["dind"]}},
        # the pod publishes every service's port: the emulator and Redis share its network namespace
        "ports": {"2375/tcp": ("127.0.0.1", 12375), "4566/tcp": ("127.0.0.1", 4566),
                  "6379/tcp": ("127.0.0.1", 6379)},
        "privileged": True, "volumes": {"lambdadesk-p-dind-storage": {"bind": "/var/lib/docker", "mode": "rw"}},
        "extra_hosts": {"s3.127.0.0.1": "127.0.0.1"}}  # LocalStack's S3 name, for the emulator sharing its network
    assert sorted(specs["dind"].secret_files) == [f"{tls}/ca.pem", f"{tls}/cert.pem", f"{tls}/key.pem"]
    emulator = _created(specs["emulator"])
    assert emulator["network_mode"] == "container:lambdadesk-p-dind" and "volumes" not in emulator
    assert {key: emulator["environment"][key] for key in (  # type: ignore[index]
        "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "LAMBDA_DOCKER_NETWORK", "HOSTNAME_FROM_LAMBDA",
        "DOCKER_BRIDGE_IP")} == {
        "DOCKER_HOST": "tcp://127.0.0.1:2375", "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": "/etc/lambdadesk/dind-client", "LAMBDA_DOCKER_NETWORK": "host",
        "HOSTNAME_FROM_LAMBDA": "127.0.0.1", "DOCKER_BRIDGE_IP": "127.0.0.1"}
    assert specs["emulator"].depends_on == ("dind",) and specs["redis"].depends_on == ("dind",)
    assert (specs["dind"].readiness.kind, specs["dind"].readiness.port, specs["dind"].readiness.tls_dir) == (
        ReadinessKind.DOCKER, 12375, CERTS.client_dir)


def test_what_docker_is_asked_to_create_for_moto() -> None:
    bridge = _created(specs_by_service(Profile(name="p", emulator=EmulatorKind.MOTO))["emulator"])
    assert "DOCKER_BRIDGE_IP" not in bridge["environment"]  # type: ignore[operator]  # LocalStack's own setting
    assert bridge["environment"]["AWS_EC2_METADATA_DISABLED"] == "true"  # type: ignore[index]
    assert bridge["ports"] == {"5000/tcp": ("127.0.0.1", 4566)} and "entrypoint" not in bridge
    assert {key: bridge["environment"][key] for key in (  # type: ignore[index]
        "MOTO_PORT", "MOTO_DOCKER_NETWORK_MODE", "MOTO_DOCKER_NETWORK_NAME")} == {
        "MOTO_PORT": "5000", "MOTO_DOCKER_NETWORK_MODE": "", "MOTO_DOCKER_NETWORK_NAME": "lambdadesk-p"}
    host_profile = Profile(name="p", emulator=EmulatorKind.MOTO, topology=Topology.HOST, emulator_port=15000)
    host = specs_by_service(host_profile)["emulator"]
    assert host.entrypoint == ("moto_server", "-H", "127.0.0.1", "-p", "15000")
    assert {key: host.environment[key] for key in ("MOTO_PORT", "MOTO_DOCKER_NETWORK_MODE",
                                                    "MOTO_DOCKER_NETWORK_NAME")} == {
        "MOTO_PORT": "15000", "MOTO_DOCKER_NETWORK_MODE": "host", "MOTO_DOCKER_NETWORK_NAME": ""}
    assert (host.readiness.kind, host.readiness.port) == (ReadinessKind.MOTO, 15000)


def test_what_docker_is_asked_to_create_for_ministack() -> None:
    # its Lambdas are processes of its own: it is given no engine (no socket, no DOCKER_HOST) and no LocalStack
    # settings; on a bridge network it listens on every address of its container, published on 127.0.0.1 only
    bridge = _created(specs_by_service(Profile(name="p", emulator=EmulatorKind.MINISTACK, region="eu-west-1"))[
        "emulator"])
    assert bridge["ports"] == {"4566/tcp": ("127.0.0.1", 4566)} and "entrypoint" not in bridge
    assert bridge["environment"] == {"GATEWAY_PORT": "4566", "MINISTACK_REGION": "eu-west-1",
                                     "AWS_DEFAULT_REGION": "eu-west-1", "LOG_LEVEL": "INFO",
                                     "LAMBDA_EXECUTOR": "local", "AWS_EC2_METADATA_DISABLED": "true"}
    assert "volumes" not in bridge and "extra_hosts" not in bridge
    host_profile = Profile(name="p", emulator=EmulatorKind.MINISTACK, topology=Topology.HOST, emulator_port=14567,
                           debug=True, emulator_env={"LAMBDA_DOCKER_FLAGS": "--memory 1g"})
    host = specs_by_service(host_profile)["emulator"]
    assert {key: host.environment.get(key) for key in ("GATEWAY_PORT", "BIND_HOST", "LOG_LEVEL",
                                                        "LAMBDA_DOCKER_FLAGS")} == {
        "GATEWAY_PORT": "14567", "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "DEBUG", "LAMBDA_DOCKER_FLAGS": "--memory 1g"}
    assert host.binds == {} and (host.readiness.kind, host.readiness.port) == (ReadinessKind.MINISTACK, 14567)


def test_the_dind_daemon_on_the_host_network_listens_on_loopback_and_leaves_the_hosts_networking_alone() -> None:
    dind = specs_by_service(Profile(name="p", dind=True, topology=Topology.HOST, dind_port=12375))["dind"]
    assert dind.network_mode == "host" and dind.host_ports() == [12375]
    assert dind.command is not None and dind.command[:3] == ("dockerd", "--host=tcp://127.0.0.1:12375",
                                                             "--host=unix:///var/run/docker.sock")
    assert dind.command[-4:] == ("--bridge=none", "--iptables=false", "--ip-masq=false", "--ip-forward=false")
    assert (dind.readiness.kind, dind.readiness.host, dind.readiness.port) == (ReadinessKind.DOCKER, "127.0.0.1",
                                                                               12375)
    assert dind.binds == {} and dind.environment == {"DOCKER_TLS_CERTDIR": ""} and dind.init is False


def test_the_dind_daemon_on_a_bridge_listens_inside_its_namespace_with_its_own_networking() -> None:
    dind = specs_by_service(Profile(name="p", dind=True, dind_security=DindSecurity.CAPABILITIES))["dind"]
    assert dind.network == "lambdadesk-p" and "dind" in dind.aliases and dind.network_mode is None
    assert dind.command is not None and "--host=tcp://0.0.0.0:2375" in dind.command
    assert not {"--bridge=none", "--iptables=false"} & set(dind.command)
    assert dind.binds == {"/sys/fs/cgroup": "/sys/fs/cgroup"}  # the inner daemon's cgroups, without privileges
    assert dind.create_kwargs()["volumes"]["/sys/fs/cgroup"] == {"bind": "/sys/fs/cgroup", "mode": "rw"}
