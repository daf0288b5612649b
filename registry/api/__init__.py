"""What every API view shares, one module per job:

- :mod:`~registry.api.openapi`: the flask-smorest Api, the OpenAPI document and its problem+json responses
- :mod:`~registry.api.blueprint`: the Blueprint every feature uses, and its request body parser
- :mod:`~registry.api.paths`: identifiers and party codes in paths
- :mod:`~registry.api.fields`: input text and row ids in bodies and queries
- :mod:`~registry.api.bearer`: the bearer token of a request, as the actor it stands for
- :mod:`~registry.api.etags`: ETags and the If-Match / If-None-Match preconditions
- :mod:`~registry.api.pagination`: lists in pages, with the link to the next
- :mod:`~registry.api.cursors`: the opaque cursors of those links
"""
