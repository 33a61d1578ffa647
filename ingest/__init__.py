"""Turns files into chunks in the knowledge store."""
