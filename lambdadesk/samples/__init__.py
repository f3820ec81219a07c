"""Sample Lambdas shipped with lambdadesk (the seed flow's function)."""
