"""Declarative multi-step forms: `Flow` specs, validators, the runner and the commit port."""
