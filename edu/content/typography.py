"""French typography for content texts: the no-break spaces an author types as plain ones."""

import re

NO_BREAK = "\u00a0"
# A plain space before : ; ! ? » %, or after «, becomes a no-break space, so that the sign never
# starts a line. Only a space already typed is changed: "10:30" or "https://" stay as they are.
_BEFORE = re.compile(r"[ \t]+([:;!?»%])")
_AFTER = re.compile(r"«[ \t]+")


def french_spacing(text: str) -> str:
    return _AFTER.sub("«" + NO_BREAK, _BEFORE.sub(NO_BREAK + r"\1", text))
