"""The content validator's messages (`edu.content.messages.Message`) in the page's language."""

from flask_babel import gettext

from edu.content.messages import Message


def localized(text: Message) -> str:
    """`text` translated: its template through gettext, then its parameters, the ones that are
    messages themselves (labels such as "fact 'x'") translated first."""
    params = {
        name: localized(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }
    # gettext does the `%` formatting itself when given the parameters; with none, it returns
    # the template untouched, which then holds no placeholder to fill.
    return gettext(text.template, **params)
