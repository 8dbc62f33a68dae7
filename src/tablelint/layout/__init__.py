"""How a table is laid out as text: display widths of cells and the
canonical layout that ``tablelint format`` writes (formatter)."""
