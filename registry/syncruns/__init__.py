"""What the registry keeps of sync runs: the runs and their reports, each list's baseline, and the run
lock."""
