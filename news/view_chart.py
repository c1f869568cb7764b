"""Views per day over the last weeks, as the admin's start page draws them.

Drawn on the server: this module reads the figures (daily_views()) and lays out a
bar chart in SVG coordinates; templates/admin/news/view_chart.html writes the
<svg>, which scales to its box through its viewBox (a phone's 390 px as well
as a desktop's column) and needs no script, so the admin's CSP stays as it is.
The same figures go into a table for screen readers.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.utils import dateformat, timezone

from kpu_site.formatting import thousands
from publishing.page_cache import CACHE_ERRORS

from .models import DailyViews

DAYS = 30

# The drawing's own units (the viewBox). Small enough that its 12-unit text
# stays readable when the chart shrinks to a phone's width.
WIDTH = 360
HEIGHT = 200
PLOT_LEFT = 48  # room for the figures of the vertical axis, up to "100.000"
PLOT_RIGHT = WIDTH - 6
PLOT_TOP = 24  # room for the vertical axis's title
PLOT_BOTTOM = HEIGHT - 38  # room for the dates and the horizontal axis's title
TICKS = 4


@dataclass(frozen=True)
class Bar:
    day: date
    views: int
    x: float
    y: float
    width: float
    height: float

    def date_label(self):
        """Senin, 2 November 2026"""
        return dateformat.format(self.day, "l, j F Y")


@dataclass(frozen=True)
class Tick:
    """A line across the plot at `value` views, labelled on the left."""

    value: int
    y: float

    def label(self):
        return thousands(self.value)


@dataclass(frozen=True)
class DateMark:
    """A date under the bars: "2 Nov"."""

    x: float
    text: str
    anchor: str


@dataclass(frozen=True)
class ViewChart:
    bars: list
    ticks: list
    dates: list
    total: int

    width = WIDTH
    height = HEIGHT
    plot_left = PLOT_LEFT
    plot_right = PLOT_RIGHT
    plot_top = PLOT_TOP
    plot_bottom = PLOT_BOTTOM
    plot_middle = (PLOT_LEFT + PLOT_RIGHT) / 2
    # Where the labels go: figures left of the plot, dates under it, the
    # vertical axis's title above it and the horizontal one's at the bottom.
    tick_label_x = PLOT_LEFT - 5
    date_y = PLOT_BOTTOM + 15
    x_title_y = HEIGHT - 4
    y_title_y = PLOT_TOP - 12

    @property
    def first_day(self):
        return self.bars[0].day

    @property
    def last_day(self):
        return self.bars[-1].day


def daily_views(articles, days=DAYS, site_wide=False):
    """[(date, views)] for each of the last `days` days (today included) over
    `articles`, days without a view as 0, summed in the database.

    Site-wide (an editor's chart, `articles` being every article), the finished
    days are summed once a day and kept in the cache until midnight: the
    counter writes only today's buckets, so past days never change, and summing
    a month of every article's buckets on each visit to the start page grew
    with the site (0.6 s at 100,000 articles; bench/RESULTS.md, issue 16).
    Then only today is summed: one query. A writer's own articles are few.
    """
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    if site_wide:
        totals = {**_finished_days(since, today), **_totals(DailyViews.objects, today, today)}
    else:
        buckets = DailyViews.objects.filter(article__in=articles.values("pk"))
        totals = _totals(buckets, since, today)
    return [(day, totals.get(day, 0)) for day in (since + timedelta(n) for n in range(days))]


def _totals(buckets, first, last):
    return dict(
        buckets.filter(date__range=(first, last))
        .values("date")
        .annotate(total=Sum("views"))
        .values_list("date", "total")
    )


def _finished_days(since, today):
    """The whole site's views of each day from `since` to yesterday, kept until midnight."""
    key = f"news:view-chart:{since:%Y-%m-%d}:{today:%Y-%m-%d}"
    try:
        totals = cache.get(key)
    except CACHE_ERRORS:
        totals = None
    if totals is None:
        totals = _totals(DailyViews.objects, since, today - timedelta(days=1))
        midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
        try:
            cache.set(key, totals, timeout=max(1, (midnight - timezone.now()).total_seconds()))
        except CACHE_ERRORS:
            pass  # summed again on the next visit
    return totals


def axis_top(peak, ticks=TICKS):
    """The top of the vertical axis and its step: a round step (1, 2 or 5 times a
    power of ten, never below 1) such that `ticks` steps reach `peak`."""
    raw = max(peak, 1) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, math.ceil(step))
    return step * ticks, step


def draw(figures):
    """The chart's geometry for [(date, views)], oldest first."""
    top, step = axis_top(max(views for _, views in figures))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(figures)
    bar_width = slot * 0.7

    def y_of(value):
        return PLOT_BOTTOM - plot_height * value / top

    bars = [
        Bar(
            day=day,
            views=views,
            x=round(PLOT_LEFT + slot * index + (slot - bar_width) / 2, 2),
            y=round(y_of(views), 2),
            width=round(bar_width, 2),
            height=round(PLOT_BOTTOM - y_of(views), 2),
        )
        for index, (day, views) in enumerate(figures)
    ]
    ticks = [Tick(value=value, y=round(y_of(value), 2)) for value in range(0, top + 1, step)]
    # A date every seven days, counted back from today so that today is marked;
    # the last one ends at the plot's edge rather than crossing it.
    last = len(bars) - 1
    dates = [
        DateMark(
            x=round(bars[index].x + bar_width, 2)
            if index == last
            else round(bars[index].x + bar_width / 2, 2),
            text=dateformat.format(bars[index].day, "j M"),
            anchor="end" if index == last else "middle",
        )
        for index in range(last, -1, -7)
    ][::-1]
    return ViewChart(bars=bars, ticks=ticks, dates=dates, total=sum(views for _, views in figures))
