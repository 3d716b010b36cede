"""Widgets: thin adapters between the computation modules and the JavaScript views."""
