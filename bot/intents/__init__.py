"""Intent units: each recognises one kind of message and answers it. `router.route` picks one."""
