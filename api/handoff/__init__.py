"""The handoff inbox: conversations that asked for a person, answered by staff on the user's channel."""
