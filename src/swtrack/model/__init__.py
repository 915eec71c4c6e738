"""The plan format: the models of plans, measures and areas, partial dates, and their JSON Schemas."""
