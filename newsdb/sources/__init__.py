"""Sources as entities across the archive: clean names (`names`), resolve them (`resolve`), curate (`curation`)."""
