"""History of every change to contacts and designations, and the change feed built on it."""
