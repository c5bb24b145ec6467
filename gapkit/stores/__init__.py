"""Store directories: the manifest, the data files, reading them and writing them atomically."""
