"""Reconciliation of the registry against the convention lists."""
