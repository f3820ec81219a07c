"""Every invocation of a deployed function, kept: the Invocations tab and `lambdadesk invocations` / `replay`."""
