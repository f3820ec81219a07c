import json
import zipfile
from pathlib import Path

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.profile import Profile
from tests.integration.cli_run import lambdadesk


def lambda_client(profile_file: str) -> object:
    profile = Profile.from_dict(json.loads(Path(profile_file).read_text()))
    return emulator_client("lambda", f"http://127.0.0.1:{profile.emulator_port}", profile.region)

HANDLER = """import json, os
def handle(event, context):
    return {"statusCode": 200, "body": json.dumps({"greeting": os.environ.get("GREETING"),
                                                   "path": event.get("path"), "body": event.get("body")})}
"""


def test_deploy_wire_request_invoke_and_reapply_after_a_restart_from_a_shell(cli_profile: str,
                                                                          tmp_path: Path) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        result = lambdadesk("--profile", cli_profile, *args)
        return result.returncode, result.stdout, result.stderr

    archive = tmp_path / "hello.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("app.py", HANDLER)
    assert run("up")[0] == 0
    code, out, err = run("deploy", str(archive), "--name", "hello", "--handler", "app.handle", "-e", "GREETING=hi")
    assert code == 0 and "Created" in out and "Active" in out, err
    code, out, err = run("api", "wire", "hello")
    assert code == 0 and "/_user_request_/" in out, err

    code, out, err = run("request", "POST", "/things/1", "-d", '{"a": 1}', "--json-body", "--save", "post thing")
    assert code == 0 and out.startswith("HTTP 200"), err
    reply = json.loads(out.split("\n\n", 1)[1])
    assert reply == {"greeting": "hi", "path": "/things/1", "body": '{"a": 1}'}
    assert run("request", "--saved", "post thing")[0] == 0

    code, out, _ = run("request", "GET", "/", "-H", "not a header")
    assert code == 1
    code, _, err = run("request", "POST", "/", "-d", "{nope", "--json-body")
    assert code == 1 and "not valid JSON" in err

    code, out, err = run("invoke", "hello", "--payload", '{"path": "/direct"}')
    assert code == 0 and "(warm)" in out and "/direct" in out, err  # the API requests started its runtime
    code, _, err = run("redis", "get", "no-such-key")
    assert code == 1 and "no key" in err

    code, out, err = run("debug", "on")  # restarts LocalStack: everything deployed is gone, then re-applied
    assert code == 0 and "Re-applied what was deployed: function hello, API hello -> hello" in err, err
    code, out, err = run("state", "apply")  # only what the emulator lacks: now nothing
    assert code == 0 and out.strip() == "The emulator has everything recorded: nothing to re-apply.", out + err
    lambda_client(cli_profile).delete_function(FunctionName="hello")  # the emulator lost one thing
    code, out, err = run("state", "apply")
    assert code == 0 and out.strip() == "function hello", out + err  # the API still invokes it by its ARN
    code, out, err = run("request", "--saved", "post thing")
    assert code == 0 and out.startswith("HTTP 200"), err

    code, out, _ = run("--json", "state", "show")
    state = json.loads(out)
    assert [f["name"] for f in state["functions"]] == ["hello"] and [a["name"] for a in state["apis"]] == ["hello"]
    code, _, err = run("reset", "--clear-state")
    assert code == 0, err
    assert json.loads(run("--json", "state", "show")[1]) == {"functions": [], "apis": [], "topics": []}
    code, out, err = run("state", "apply")
    assert code == 0 and out.strip() == "Nothing is recorded for this profile.", out + err
    assert run("debug", "off")[0] == 0
