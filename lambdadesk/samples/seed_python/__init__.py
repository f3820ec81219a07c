"""The seed sample Lambda's source; read as data and zipped, never imported by lambdadesk."""
