"""Parties to the conventions (states and the European Union), their name variants and their status."""
