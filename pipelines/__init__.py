"""piplscan's Apache Beam pipelines: read → detect → attach lineage → judge → write."""
