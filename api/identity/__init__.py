"""Company identity: a booking or application made under a 統一編號 counts only once it is confirmed
with a code e-mailed to the company's contact on file, or, for a company with nothing on file, to the
address the form gives (a first contact). See README, "Company identity"."""
