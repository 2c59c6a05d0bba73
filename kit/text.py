"""Labels moved into the middle of a sentence, the GOV.UK way.

Choice labels and record names are written in sentence case ("Home visits", "ARMS assessment",
"RMP reviews"). In running text only the first letter is lowered, and not even that when the
label starts with an acronym: "Review ARMS assessment", "Outstanding RMP reviews", never
"arms" or "rmp". Use this (or the `mid_sentence` template filter) instead of `.lower()` or
`|lower` on a label.
"""


def mid_sentence(label: object) -> str:
    """'Home visits' -> 'home visits'; 'ARMS assessment', 'PND checks' stay as they are."""
    text = str(label)
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and any(c.isupper() for c in first_word[1:]):
        return text  # an acronym (ARMS, RMP, PND) or a name like ViSOR
    return text[:1].lower() + text[1:]
