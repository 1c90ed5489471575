"""Shipped data files: lexicon.yaml, gazetteer.yaml."""
