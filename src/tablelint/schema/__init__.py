"""Schemas: Table Schema files (plus tablelint's extensions), binding tables
to them, and the pydantic row models that validate every row."""
