"""Designations: a contact holding a role under one convention for one party."""
