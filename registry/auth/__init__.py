"""Who may write what: API tokens, their roles and scopes."""
