"""Memory a worker needs to check and re-encode one uploaded picture (news/images.py).

    .venv/bin/python -m bench.image_memory

Each picture is checked in a fresh process, so that its peak resident size
(ru_maxrss) is that picture's alone. Prints MB above the process's size before it.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PICTURES = [
    ("12 MP phone photo, RGB JPEG", (4000, 3000), "RGB", "JPEG"),
    ("24 MP camera photo, RGB JPEG", (6000, 4000), "RGB", "JPEG"),
    ("24 MP RGBA PNG", (6000, 4000), "RGBA", "PNG"),
    ("the attack: 40 MP RGBA PNG of 150 KB", (6320, 6320), "RGBA", "PNG"),
]

CHILD = """
import os, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from news.images import reencode_image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    reencode_image(SimpleUploadedFile("foto", data))
    outcome = "accepted"
except ValidationError as error:
    outcome = "refused: " + error.messages[0][:60]
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(f"{len(data) // 1024} KB, +{grown} MB, {outcome}")
"""


def main():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kpu_site.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    print(f"peak memory of one check, Python {sys.version.split()[0]}, Pillow {Image.__version__}")
    with tempfile.TemporaryDirectory() as folder:
        for label, size, mode, fmt in PICTURES:
            path = Path(folder) / f"picture.{fmt.lower()}"
            Image.new(mode, size, "#b0111b").save(path, format=fmt)
            result = subprocess.run(
                [sys.executable, "-c", CHILD, path],
                capture_output=True, text=True, env=env, check=True,
            )  # fmt: skip
            print(f"{label:40} {result.stdout.strip()}")


if __name__ == "__main__":
    main()
