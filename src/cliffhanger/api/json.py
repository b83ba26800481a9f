"""JSON responses that stay inert anywhere: <, > and & written as \\u escapes."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


class SafeJSONResponse(JSONResponse):
    """A JSON response in which no article text can close a tag or open an entity."""

    def render(self, content: Any) -> bytes:
        """Return `content` as UTF-8 JSON with <, > and & escaped."""
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return text.encode("utf-8")
