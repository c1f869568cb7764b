from datetime import timedelta

import factory
from django.utils import timezone

from news.models import Article, Author, Division


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Divisi Uji {n}")
    slug = factory.Sequence(lambda n: f"divisi-uji-{n}")
    description = "Divisi untuk pengujian."
    order = factory.Sequence(int)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Penulis Uji {n}")
    slug = factory.Sequence(lambda n: f"penulis-uji-{n}")
    signature = factory.Sequence(lambda n: f"Pu{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article (an hour old) unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rapat pleno rekapitulasi nomor {n}")
    slug = factory.Sequence(lambda n: f"rapat-pleno-rekapitulasi-{n}")
    lead = "KPU menggelar rapat pleno terbuka rekapitulasi hasil penghitungan suara."
    body = "<p>Rapat pleno berlangsung tertib di aula kantor.</p>"
    author = factory.SubFactory(AuthorFactory)
    division = factory.SubFactory(DivisionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
