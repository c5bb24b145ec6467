"""Where answers come from: query files and their binder, the endpoint interface, the local store, remote endpoints."""
