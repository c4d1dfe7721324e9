"""Trained components beside the rules (see README.md, the model card)."""

#: the cue a model reading leaves on a mention, e.g. "model: hypothetical 0.81 (rules: present)"
CUE = "model: "
#: the cue of a mention the assertion model reads as no mention of its fact
NOT_A_MENTION = f"{CUE}none "
#: how the cue of a model reading that overrules the rules' affirmation ends
OVERRULES_PRESENT = " (rules: present)"


def overruled_affirmation(cues: list[str]) -> bool:
    """Whether a mention's cues say the rules affirmed it and the assertion model read it otherwise."""
    return any(c.startswith(CUE) and c.endswith(OVERRULES_PRESENT) for c in cues)


__all__ = ["CUE", "NOT_A_MENTION", "OVERRULES_PRESENT", "overruled_affirmation"]
