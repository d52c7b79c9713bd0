"""One module per kind of store: how its resources come back from each failure."""
