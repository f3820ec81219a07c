"""Wires a REST API to a function: a proxy route with an AWS_PROXY integration, deployed to a stage."""

from __future__ import annotations

from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.errors import LambdadeskError


def wire_rest_api(endpoint: str, region: str, function_arn: str, name: str, stage: str = "dev") -> ApiRoute:
    """Blocking. Creates (or reuses, by name) a REST API whose every path and method invoke the function."""
    client = emulator_client("apigateway", endpoint, region)
    existing = [api for api in client.get_rest_apis(limit=500).get("items", []) if api["name"] == name]
    api_id = existing[0]["id"] if existing else client.create_rest_api(name=name)["id"]
    resources = client.get_resources(restApiId=api_id, limit=500)["items"]
    root = next(r["id"] for r in resources if r["path"] == "/")
    proxy = next((r["id"] for r in resources if r["path"] == "/{proxy+}"), None)
    if proxy is None:
        proxy = client.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    uri = f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    for resource in (root, proxy):
        try:
            client.get_method(restApiId=api_id, resourceId=resource, httpMethod="ANY")
        except client.exceptions.NotFoundException:
            client.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=uri)
    client.create_deployment(restApiId=api_id, stageName=stage)
    function_name = function_arn.rsplit(":", 1)[-1]
    return ApiRoute(api_id, stage, function_name, endpoint, name)


def list_routes(endpoint: str, region: str) -> list[ApiRoute]:
    """Blocking. Every deployed stage of every REST API, with the function its proxy integration invokes."""
    client = emulator_client("apigateway", endpoint, region)
    routes = []
    for api in client.get_rest_apis(limit=500).get("items", []):
        function = ""
        for resource in client.get_resources(restApiId=api["id"], limit=500)["items"]:
            if "ANY" not in (resource.get("resourceMethods") or {}):
                continue
            uri = _integration_uri(client, api["id"], resource)
            if uri:
                function = uri.split(":function:")[-1].split("/")[0]
                break
        for stage in client.get_stages(restApiId=api["id"]).get("item", []):
            routes.append(ApiRoute(api["id"], stage["stageName"], function, endpoint, api["name"]))
    return routes


def find_route(endpoint: str, region: str, api_name: str = "") -> ApiRoute:
    """The first stage of the API named `api_name` (any API when empty); raises with a next step when none."""
    client = emulator_client("apigateway", endpoint, region)
    ids = [a["id"] for a in client.get_rest_apis(limit=500).get("items", []) if api_name in ("", a["name"])]
    routes = [r for r in list_routes(endpoint, region) if r.api_id in ids]
    if not routes:
        wanted = f"named {api_name!r} " if api_name else ""
        raise LambdadeskError(f"No deployed REST API {wanted}exists in the emulator.",
                              "Wire one to a function first: lambdadesk api wire FUNCTION.")
    return routes[0]


def still_deployed(endpoint: str, region: str, route: ApiRoute) -> bool:
    """Blocking. One call: whether the route's API and stage still exist (an emulator reset removes them)."""
    client = emulator_client("apigateway", endpoint, region)
    try:
        client.get_stage(restApiId=route.api_id, stageName=route.stage)
    except client.exceptions.NotFoundException:
        return False
    return True


def _integration_uri(client: Any, api_id: str, resource: dict[str, Any]) -> str:
    try:
        return str(client.get_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY").get("uri", ""))
    except client.exceptions.NotFoundException:
        return ""
