"""The domain model: identifiers, editions, definitions, shipped tables, filters, metrics, RDF vocabulary, settings."""
