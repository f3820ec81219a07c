"""lambdadesk's benchmark against what users do today: `bash bench/run.sh` (see bench/__main__.py)."""
