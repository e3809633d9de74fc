"""An exception that carries what a Diagnostic carries: a stable code and the message in both
languages. Raised where a whole run cannot go on (the library database, the cluster), so the CLI
prints one line in the user's language and exits, whichever part raised it."""

from __future__ import annotations


class CodedError(Exception):
    """``code`` is stable (kebab-case); ``message`` is zh-CN, ``message_en`` English."""

    def __init__(self, code: str, message: str, message_en: str):
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message
