"""Digital-point applications: eligibility and calculator (from bot/points/rules.yaml), the
application lifecycle with its audit trail, drafts, the funded-companies registry, and the ports
the conversation engine uses (the apply_points flow, 「我的申請進度」)."""
