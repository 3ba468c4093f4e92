"""Photos in: safe intake, metadata, OCR, redaction, and the per-process photo analyser."""
