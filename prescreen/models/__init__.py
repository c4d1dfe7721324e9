"""Trained components beside the rules (see README.md, the model card)."""

#: the cue a model reading leaves on a mention, e.g. "model: hypothetical 0.81 (rules: present)"
CUE = "model: "
#: the cue of a mention the assertion model reads as no mention of its fact
NOT_A_MENTION = f"{CUE}none "

__all__ = ["CUE", "NOT_A_MENTION"]
