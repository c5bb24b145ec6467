"""Store builders: from the CSV layout, a Wikidata dump, an endpoint harvest, or synthetic people."""
