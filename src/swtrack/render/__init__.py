"""Reports into text for people and machines: tables, JSON, CSV, markdown, the brief, charts, annotations."""
