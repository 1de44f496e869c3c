"""Daily digests of new postings, for channels and for people's saved searches.

Pure: `content` (which postings are new for a target), `targets` (who gets a digest, where,
when), `due` (which runs are due now, timezone- and DST-safe). With I/O: `send` (build, post and
record one digest), `scheduler` (claims due runs and sends them, with retries) and `command`
(`jobbot digest`). Cards render digests from `content`; nothing here renders text.
"""
