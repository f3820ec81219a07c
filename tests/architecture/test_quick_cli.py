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
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"the command line loaded: {result.stdout}{result.stderr}"


def test_the_session_loads_the_capture_server_and_redis_py_only_when_used() -> None:
    script = (
        "import sys\n"
        "import lambdadesk.session\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'redis'))\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"importing the session loaded: {result.stdout}{result.stderr}"
