"""A request or an invoke as text to paste and run elsewhere, getting the same answer: a request through API
Gateway as curl or a Python script (the standard library only), a direct invoke as the aws CLI or a boto3
script. Addresses are the environment's as seen from this machine; the credentials are the dummy ones every
emulator takes."""

from __future__ import annotations

import json
import shlex

from lambdadesk.core.http_request import RequestSpec, check_request, request_url

REQUEST_FORMS = ("curl", "python")
INVOKE_FORMS = ("aws", "boto3")
DUMMY_CREDENTIALS = "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"


def request_as(form: str, base_url: str, spec: RequestSpec) -> str:
    """`form` is one of REQUEST_FORMS; `base_url` the API's stage URL, as the request is sent to."""
    spec = check_request(spec)
    url = request_url(base_url, spec)
    if form == "curl":
        words = ["curl", "-sS", "-i", "-X", spec.method, url]
        for name, value in spec.headers:
            words += ["-H", f"{name}: {value}"]
        if spec.body:
            words += ["--data-binary", spec.body]
        return " ".join(shlex.quote(word) for word in words)
    if form == "python":
        return "\n".join([
            "import urllib.error",
            "import urllib.request",
            "",
            f"request = urllib.request.Request({url!r}, method={spec.method!r},",
            f"                                 headers={dict(spec.headers)!r},",
            f"                                 data={spec.body.encode()!r} or None)",
            "try:",
            "    with urllib.request.urlopen(request) as response:",
            "        print(response.status)",
            "        print(response.read().decode())",
            "except urllib.error.HTTPError as error:",
            "    print(error.code)",
            "    print(error.read().decode())",
            ""])
    raise ValueError(f"a request is copied as one of {', '.join(REQUEST_FORMS)}, not {form!r}")


def invoke_as(form: str, endpoint: str, region: str, function: str, payload: object) -> str:
    """`form` is one of INVOKE_FORMS; `endpoint` the emulator's URL; `payload` the event (any JSON value)."""
    event = json.dumps(payload)
    if form == "aws":  # the event from a file (fileb://): aws CLI 1 and 2 read it alike, as the bytes given
        words = ["aws", "--endpoint-url", endpoint, "--region", region, "lambda", "invoke", "--function-name",
                 function, "--payload", "fileb://event.json", "response.json"]
        return (f"printf '%s' {shlex.quote(event)} > event.json && {DUMMY_CREDENTIALS} "
                f"{' '.join(shlex.quote(word) for word in words)} && cat response.json")
    if form == "boto3":
        return "\n".join([
            "import boto3",
            "",
            f"client = boto3.client('lambda', endpoint_url={endpoint!r}, region_name={region!r},",
            "                      aws_access_key_id='test', aws_secret_access_key='test')",
            f"response = client.invoke(FunctionName={function!r}, Payload={event.encode()!r})",
            "print(response['StatusCode'], response.get('FunctionError', ''))",
            "print(response['Payload'].read().decode())",
            ""])
    raise ValueError(f"an invoke is copied as one of {', '.join(INVOKE_FORMS)}, not {form!r}")
