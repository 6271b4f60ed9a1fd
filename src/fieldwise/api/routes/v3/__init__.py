"""The anyformat v3 API (spec api-v3.md section 3), served beside v2 on the same store."""
