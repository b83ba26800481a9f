"""The web pages: server-rendered Jinja2 (autoescaped), no JavaScript, charts as inline SVG."""
