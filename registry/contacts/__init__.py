"""Contacts: the people and offices that parties designate."""
