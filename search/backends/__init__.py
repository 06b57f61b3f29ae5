"""Search backends other than the embedded index: today an OpenSearch cluster."""
