"""Faces: YuNet detection, SFace embeddings, the consent-aware gallery, the decision, the sweep."""
