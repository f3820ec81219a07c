"""Qt-free async services, one concern each: Docker orchestration, readiness, logs, profiles, secrets."""
