"""PBX adapters, the call state machine and the bridge that stores calls."""
