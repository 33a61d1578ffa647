"""Personal data (Taiwan PDPA): a user's export and erasure (in the chat and by staff), and the
retention purge of conversation records."""
