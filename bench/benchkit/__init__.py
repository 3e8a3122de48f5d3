"""The pieces of bench/run: measuring a command, building the inputs, the peers, the report."""
