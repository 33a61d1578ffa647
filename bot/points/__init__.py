"""Digital-point rules as data: the rule book (rules.yaml), its loader, the eligibility evaluator,
the plan-price calculator and the 統一編號 checker. Pure logic: no database, no HTTP."""
