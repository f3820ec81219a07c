"""Where lambdadesk keeps the user's files. LAMBDADESK_CONFIG_DIR overrides the platform default (tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def config_dir() -> Path:
    override = os.environ.get("LAMBDADESK_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("lambdadesk", appauthor=False))


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def data_dir() -> Path:
    override = os.environ.get("LAMBDADESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("lambdadesk", appauthor=False))


def requests_dir() -> Path:
    return data_dir() / "requests"


def cache_dir() -> Path:
    override = os.environ.get("LAMBDADESK_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("lambdadesk", appauthor=False))
