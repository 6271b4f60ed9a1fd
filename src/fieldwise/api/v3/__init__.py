"""What the v3 routes share: keyset cursors, Idempotency-Key replay, wire models and the results view."""
