"""Exports of a store beyond JSON Lines: flat tables (CSV, Parquet), GeoJSON, GraphML."""
