"""The commands, one module per area; importing them registers them on `cli.app`."""
