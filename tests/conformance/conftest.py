"""Pages as the parsers readers' platforms use see them: extruct (what Google,
Facebook and WhatsApp read in the head), trafilatura and newspaper4k (what
readers and aggregators extract as the article's text). No network: each
parser is handed the HTML the test client got.
"""

from io import BytesIO

import extruct
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from lxml import html as lxml_html
from PIL import Image

from news.renditions import make_cover_renditions
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes

BASE_URL = "http://testserver"

LEAD = (
    "KPU Kabupaten Trenggalek menetapkan daftar pemilih tetap Pemilu 2024 sebanyak "
    "589.310 orang dalam rapat pleno terbuka di aula kantor KPU pada Senin pagi."
)
# Paragraphs with a link to another site, the first amid the text and the
# second last: the two places newspaper4k used to lose one.
LINKED_MIDDLE = (
    "Warga dapat memeriksa apakah namanya sudah terdaftar melalui laman "
    '<a href="https://cekdptonline.kpu.go.id/">cek DPT online</a> dengan memasukkan '
    "nomor induk kependudukan, atau datang langsung ke kantor desa masing-masing."
)
LINKED_LAST = (
    "Informasi umum mengenai pendaftaran pemilih juga dapat diakses melalui laman "
    '<a href="https://www.kpu.go.id/">kpu.go.id</a> sepanjang hari kerja.'
)
BODY = (
    "<p>Rapat pleno dihadiri perwakilan partai politik, Bawaslu, serta unsur pemerintah "
    "daerah, dan berlangsung tertib sejak pukul sembilan pagi hingga siang hari.</p>"
    "<p>Ketua KPU menyampaikan bahwa jumlah pemilih tetap tersebar di 14 kecamatan dan "
    "157 desa, naik sekitar dua persen dibanding pemilihan sebelumnya.</p>"
    f"<p>{LINKED_MIDDLE}</p>"
    "<h2>Tanggapan peserta rapat</h2>"
    "<p>Perwakilan partai politik meminta agar data pemilih yang sudah meninggal dunia "
    "segera dicoret sebelum hari pemungutan suara, dan KPU berjanji menindaklanjuti "
    "setiap laporan masyarakat yang masuk.</p>"
    f"<p>{LINKED_LAST}</p>"
)


def text_of(fragment):
    """A paragraph's text as readers see it: its markup dropped."""
    return lxml_html.fromstring(f"<p>{fragment}</p>").text_content()


def cover_file(size):
    return ContentFile(image_bytes(size=size), name="rapat-pleno.jpg")


@pytest.fixture
def story(db):
    """A published article as a writer makes one: lead, body with outside links,
    a 1600 × 1200 cover with its renditions, two tags.
    """
    article = ArticleFactory(
        title="KPU Trenggalek Tetapkan Daftar Pemilih Tetap Pemilu 2024",
        slug="kpu-tetapkan-dpt",
        lead=LEAD,
        body=BODY,
        cover=cover_file((1600, 1200)),
        cover_alt="Anggota KPU membacakan berita acara di aula",
        division=DivisionFactory(name="Divisi Perencanaan dan Data", slug="perencanaan-data"),
        author=AuthorFactory(name="Dian Kartikasari", slug="dian", signature="Dk"),
        tags=["pemilu 2024", "data pemilih"],
    )
    make_cover_renditions(article)
    return article


def parse(html, url=BASE_URL):
    """extruct's JSON-LD and microdata (in its uniform, schema.org shape) and Open
    Graph (as extracted: the uniform shape keeps one of repeated properties).
    """
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True)
    data.update(extruct.extract(html, base_url=url, syntaxes=["opengraph"]))
    return data


def open_graph(data):
    """The page's Open Graph and article: properties as {property: [values]}."""
    properties = {}
    for item in data["opengraph"]:
        for key, value in item["properties"]:
            properties.setdefault(key, []).append(value)
    return properties


def meta_by_name(html):
    """<meta name=…> (Twitter's tags) as {name: [contents]}."""
    found = {}
    for meta in lxml_html.fromstring(html).iter("meta"):
        if meta.get("name"):
            found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


def visible_breadcrumbs(html):
    """The trail a reader sees: [(label, absolute url or None), …]."""
    trail = []
    for item in lxml_html.fromstring(html).xpath("//nav[@class='breadcrumbs']//li"):
        link = item.find("a")
        url = BASE_URL + link.get("href") if link is not None else None
        trail.append((item.text_content().strip(), url))
    return trail


def breadcrumb_trail(breadcrumb_list):
    assert breadcrumb_list["@type"] == "BreadcrumbList"
    items = sorted(breadcrumb_list["itemListElement"], key=lambda item: item["position"])
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    return [(item["name"], item.get("item")) for item in items]


def image_file(url):
    """(format's media type, width, height) of the picture a URL of ours serves."""
    path = url.removeprefix(BASE_URL)
    if path.startswith(settings.MEDIA_URL):
        with default_storage.open(path.removeprefix(settings.MEDIA_URL)) as file:
            content = file.read()
    else:
        with open(finders.find(path.removeprefix(settings.STATIC_URL)), "rb") as file:
            content = file.read()
    with Image.open(BytesIO(content)) as image:
        return Image.MIME[image.format], image.width, image.height
