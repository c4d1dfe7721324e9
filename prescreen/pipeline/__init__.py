"""The spaCy/medspaCy pipeline, request loading, the CLI's job and the output writers."""
