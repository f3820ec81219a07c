"""The CLI imports what a command uses when it runs: parsing the command line (`lambdadesk --help`, or any command
before it starts) loads none of the heavy SDKs, so a quick command stays quick (the bench's CLI row measures it)."""

import subprocess
import sys

HEAVY = ("docker", "boto3", "botocore", "redis", "aiohttp", "keyring", "paramiko", "yaml", "lambdadesk.session")


def test_parsing_any_command_line_loads_no_sdk() -> None:
    script = (
        "import sys\n"
        "from lambdadesk.cli.main import build_parser\n"
        "build_parser().parse_args(['ls', 'lambda', '--json'])\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    _passes(script, "the command line loaded")


def test_the_session_loads_the_capture_server_and_redis_py_only_when_used() -> None:
    script = (
        "import sys\n"
        "import lambdadesk.session\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'redis'))\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    _passes(script, "importing the session loaded")


def test_a_session_that_only_talks_to_the_emulator_never_loads_docker_py_nor_asks_the_keyring() -> None:
    """A session made the CLI's way (how to connect, how to read the token) and used for an AWS call: docker-py
    is not imported, nothing connects, the token is not looked up (an ls or an invoke pays for none of it)."""
    script = (
        "import asyncio, sys\n"
        "from lambdadesk.core.profile import Profile\n"
        "from lambdadesk.session import Session\n"
        "asked = []\n"
        "session = Session(Profile(name='quick'), lambda: asked.append('docker'), lambda: asked.append('token'))\n"
        "session.invoke_as('fn', {}, 'aws')\n"
        "assert session.capture.url == ''  # the endpoint object, not started\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('docker', 'paramiko'))\n"
        "print(loaded, asked); sys.exit(1 if loaded or asked else 0)\n"
    )
    _passes(script, "the session loaded or asked for")


def test_the_environment_is_made_with_the_connection_and_token_asked_for_then() -> None:
    script = (
        "import sys\n"
        "from lambdadesk.core.profile import Profile\n"
        "from lambdadesk.session import Session\n"
        "asked = []\n"
        "class Connection:\n"
        "    client = None\n"
        "def connect():\n"
        "    asked.append('docker'); return Connection()\n"
        "session = Session(Profile(name='quick'), connect, lambda: asked.append('token') or 'secret')\n"
        "environment = session.environment\n"
        "assert session.environment is environment and session.connection is environment.connection\n"
        "assert session._masked == ('secret',)\n"
        "print(asked); sys.exit(0 if asked == ['docker', 'token'] else 1)\n"
    )
    _passes(script, "the environment asked for")


def test_the_window_starts_without_docker_py_or_the_aws_sdk() -> None:
    """Importing the window's modules (app start, before the first frame) loads neither: the session brings them
    when the window first asks the environment (bench P6, the first frame under Xvfb, counts every import)."""
    script = (
        "import sys\n"
        "import lambdadesk.ui.app, lambdadesk.ui.main_window, lambdadesk.ui.view_models\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('docker', 'paramiko', 'boto3', 'botocore'))\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    _passes(script, "the window's modules loaded")


def _passes(script: str, what: str) -> None:
    """Runs `script` in a fresh interpreter (nothing imported yet); it exits 1, printing what it found, to fail."""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{what}: {result.stdout}{result.stderr}"
