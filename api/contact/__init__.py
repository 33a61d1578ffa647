"""Contact requests: a user asks for a person (the contact flow in the chat); staff call back."""
