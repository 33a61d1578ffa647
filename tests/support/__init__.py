"""Test utilities shared by the tests and the benchmarks (never shipped): a fake LINE Platform on
loopback (`fake_line`), a recording notifier (`notify`), starting `tcloud serve` or another server
in a child process (`server`), and building knowledge over a private store (`knowledge`)."""
