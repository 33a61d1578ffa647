"""Renderers: channel-neutral replies to what each channel sends."""
