"""The relation rule families: one module each, all with the signature ``rules(ctx) -> None``.

Each family appends :class:`kg.types.Fact` records to ``ctx.facts`` and names
itself in their ``extractor`` field. :mod:`kg.extract.relations` runs them in
order.
"""
