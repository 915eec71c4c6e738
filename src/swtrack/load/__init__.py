"""Reading a tracker folder: text, YAML and CSV with positions, into a `Tracker` and a `Report`."""
