"""The demo: real KATO data, a few rural communities with generated residents, and an account per role."""
