"""Disaster recovery as synthesized: per store and per failure, the RPO and RTO the templates
achieve, by which mechanism and on whose word, against the spec's targets (`chariot dr`)."""
