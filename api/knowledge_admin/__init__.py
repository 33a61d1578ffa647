"""Knowledge management for staff: upload, replace, retire and delete documents and FAQ files, and
try a question against the live knowledge base."""
