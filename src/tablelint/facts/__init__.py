"""Facts about each table that several rules need (its schema binding,
placeholder and group rows, name column, vocabulary), computed once per
document from the parse, the schema and the naming layers."""
