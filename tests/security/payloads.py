"""XSS payloads, each carrying its own marker, for the server-side and browser tests.

Drawn from the OWASP XSS filter evasion cheat sheet and PortSwigger's XSS cheat
sheet, plus breakouts aimed at this site's own output: the JSON-LD block and
meta tags of the article page, the admin's <textarea>, the search box.

Every payload, if a browser ran it, would call `alert(n)` and set
`window.__xss = n` (n = its position in PAYLOADS), so a run is detectable with or
without a dialog listener, and tells which payload got through. All are short
enough (≤ 100 characters) for the shortest field they go into (a tag's name).
"""

from base64 import b64encode

MARKER = "__xss"


def run(n: int) -> str:
    """The JavaScript a payload runs: no spaces, quotes or `>`, so it fits anywhere."""
    return f"window.{MARKER}={n},alert({n})"


def entities(text: str, template: str = "&#{};") -> str:
    return "".join(template.format(ord(ch)) for ch in text)


def hex_entities(text: str) -> str:
    return "".join(f"&#x{ord(ch):x}" for ch in text)  # no semicolons: still decoded


def b64(text: str) -> str:
    return b64encode(text.encode()).decode()


# Each builder takes the payload's JavaScript and returns the payload.
BUILDERS = [
    # Script elements, plain and disguised.
    lambda js: f"<script>{js}</script>",
    lambda js: f"<ScRiPt>{js}</sCrIpT>",
    lambda js: f"<script src=data:text/javascript,{js}></script>",
    lambda js: f"<scr<script>ipt>{js}</scr</script>ipt>",
    lambda js: f"<script>{js.replace('alert', chr(92) + 'u0061lert')}</script>",
    lambda js: f"<template><script>{js}</script></template>",
    # Event handlers that fire without a click.
    lambda js: f"<img src=x onerror={js}>",
    lambda js: f'<img src="x" onerror="{js}">',
    lambda js: f"<IMG SRC=x ONERROR={js}>",
    lambda js: f"<img src=x onerror=eval(atob('{b64(js)}'))>",
    lambda js: f"<img src=x onerror={entities(js[:9])}{js[9:]}>",
    lambda js: f"<svg onload={js}>",
    lambda js: f"<svg/onload={js}>",
    lambda js: f"<svg><animate onbegin={js} attributeName=x dur=1s>",
    lambda js: f"<body onload={js}>",
    lambda js: f"<input autofocus onfocus={js}>",
    lambda js: f"<select autofocus onfocus={js}></select>",
    lambda js: f"<textarea autofocus onfocus={js}></textarea>",
    lambda js: f"<details open ontoggle={js}>",
    lambda js: f"<video><source onerror={js}></video>",
    lambda js: f"<audio src=x onerror={js}>",
    lambda js: f"<marquee onstart={js}>x</marquee>",
    lambda js: f"<picture><source srcset=x><img src=x onerror={js}></picture>",
    lambda js: f"<xss autofocus tabindex=1 onfocus={js}></xss>",
    lambda js: f"<isindex type=image src=1 onerror={js}>",
    lambda js: f"<p onmouseover={js}>arahkan</p>",
    # javascript:, data: and vbscript: URLs in every attribute that takes one.
    lambda js: f'<a href="javascript:{js}">klik</a>',
    lambda js: f'<a href="JaVaScRiPt:{js}">klik</a>',
    lambda js: f'<a href="jav&#x09;ascript:{js}">klik</a>',
    lambda js: f'<a href=" &#14; javascript:{js}">klik</a>',
    lambda js: f'<a href="javascript&colon;{js}">klik</a>',
    lambda js: f'<a href="{entities("javascript")}:{js}">x</a>',
    lambda js: f'<a href="{hex_entities("javascript:")}{js}">klik</a>',
    lambda js: f'<a href="data:text/html;base64,{b64(f"<script>{js}</script>")}">x</a>',
    lambda js: f"<IMG SRC=JaVaScRiPt:{js}>",
    lambda js: f'<img src="x" srcset="javascript:{js}">',
    lambda js: f'<iframe src="javascript:{js}"></iframe>',
    lambda js: f'<iframe srcdoc="<script>parent.{js}</script>"></iframe>',
    lambda js: f'<object data="javascript:{js}"></object>',
    lambda js: f'<embed src="javascript:{js}">',
    lambda js: f'<form action="javascript:{js}"><input type=submit></form>',
    lambda js: f"<form><button formaction=javascript:{js}>kirim</button></form>",
    lambda js: f'<svg><a xlink:href="javascript:{js}"><text y=20>klik</text></a></svg>',
    lambda js: f"<math><maction actiontype=statusline xlink:href=javascript:{js}>x",
    lambda js: f'<table background="javascript:{js}"><tr><td>x</td></tr></table>',
    lambda js: f'<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    lambda js: f'<base href="javascript:{js}//">',
    lambda js: f'<link rel=stylesheet href="javascript:{js}">',
    # CSS.
    lambda js: f'<p style="background:url(javascript:{js})">x</p>',
    lambda js: f'<div style="width:expression({js})">x</div>',
    lambda js: f"<style>@import'javascript:{js}';</style>",
    # Mutation XSS and parser confusion.
    lambda js: f'<noscript><p title="</noscript><img src=x onerror={js}>">',
    lambda js: f"<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    lambda js: f'<svg></p><style><a id="</style><img src=1 onerror={js}>">',
    lambda js: f'<!--<img src="--><img src=x onerror={js}//">',
    lambda js: f"<p>teks<!--<script>{js}</script>--></p>",
    lambda js: f"<svg><script>{entities(js[:7])}{js[7:]}</script></svg>",
    # Breaking out of the contexts this site writes text into.
    lambda js: f'"><script>{js}</script>',
    lambda js: f"'><img src=x onerror={js}>",
    lambda js: f'" autofocus onfocus="{js}" x="',
    lambda js: f"' autofocus onfocus='{js}' x='",
    lambda js: f"</script><script>{js}</script>",
    lambda js: f'"}}]}}</script><script>{js}</script>',
    lambda js: f"</title><script>{js}</script>",
    lambda js: f"</textarea><script>{js}</script>",
    lambda js: f"</style><script>{js}</script>",
    lambda js: f"<img src=x onerror={js}",
    # Template injection: text must stay text (no Django, Angular or JS template).
    lambda js: f"{{{{7*7}}}}{{{{constructor.constructor('{js}')()}}}}",
    lambda js: f"${{{js}}}`${{{js}}}`",
    lambda js: f"{{% templatetag openblock %}}{{{{7*7}}}}<img src=x onerror={js}>",
    lambda js: f"javascript:{js}",
]

PAYLOADS = [build(run(n)) for n, build in enumerate(BUILDERS)]

assert all(len(payload) <= 100 for payload in PAYLOADS), "a payload is too long for a tag"
