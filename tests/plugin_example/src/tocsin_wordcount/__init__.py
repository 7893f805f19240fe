"""An example plugin: one of each kind of Tocsin seam."""
