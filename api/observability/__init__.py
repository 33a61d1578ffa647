"""What operators see of the service: Prometheus metrics (`metrics`, `gauges`), JSON or text logs
carrying the request id, channel and hashed user (`context`, `logs`, `middleware`), and readiness
(`readiness`). Not a feature: the app and the features use it, it imports no feature."""
