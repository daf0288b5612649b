"""Coverage: which parties have designated whom under each convention, and where the gaps are."""
