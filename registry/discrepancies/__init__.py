"""Discrepancies: what a sync run found that a person must settle (a conflict), or that tells a secretariat
its published list is out of date (registry ahead); opened, kept and closed by the runs, resolved by
people."""
