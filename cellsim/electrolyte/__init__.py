"""Antiperovskite electrolyte transport."""
