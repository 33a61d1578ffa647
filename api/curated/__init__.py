"""Curated answers: staff answer what the bot could not (the unanswered and 👎 queue), and the
next user who asks it, or a paraphrase of it, gets that answer with its source, on every channel."""
