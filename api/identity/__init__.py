"""Company identity: a booking or application made under a 統一編號 counts only once the contact
confirms it with a code e-mailed to the address given in the form (see README, "Company identity")."""
