"""The LINE channel: webhook, durable event queue, processing loop, notifier, rich menu.

webhook (routes) -> line_event table (store) -> processing loop (worker) -> Processor: the engine
via api.conversation.run_turn, bot.channels.line renders, LineApi replies (or pushes).
"""
