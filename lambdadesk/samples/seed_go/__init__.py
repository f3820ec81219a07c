"""The seed sample in Go (a provided.al2023 bootstrap), built by services.sample_lambda with the go tool."""
