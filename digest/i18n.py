"""Interface strings from the theme's catalogs, and dates in the site's locale (Babel, CLDR)."""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from hijridate import Gregorian

from digest.arabic import to_arabic_digits

RTL_LANGUAGES = {"ar", "fa", "ur", "he", "ps", "ku", "ckb", "sd", "ug", "yi", "dv"}


def text_direction(lang: str | None) -> str:
    """`rtl` or `ltr` for a language code like `ar`, `ar-EG`, `en`."""
    return "rtl" if (lang or "").replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@cache
def load_translations(catalog_dir: str, lang: str) -> NullTranslations:
    """The catalog `<catalog_dir>/<lang>/LC_MESSAGES/messages.po`, compiled in memory."""
    po_path = Path(catalog_dir) / lang / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def localize_digits(text: str, digits: str) -> str:
    return to_arabic_digits(text) if digits == "arab" else text


def format_day(value: date | datetime, lang: str, digits: str = "latn", form: str = "full") -> str:
    """A day in the site's locale: `الجمعة، ٢٠ مايو ٢٠١٦` (ar, arab digits)."""
    day = value.date() if isinstance(value, datetime) else value
    return localize_digits(format_date(day, form, locale=lang), digits if lang != "en" else "latn")


def format_clock(value: datetime, lang: str, digits: str = "latn") -> str:
    """A time of day: `٩:٠٥ ص` (ar), `9:05 AM` (en)."""
    return localize_digits(
        format_time(value, "short", locale=lang), digits if lang != "en" else "latn"
    )


def format_hijri(value: date | datetime, lang: str, digits: str = "latn") -> str:
    """The Umm al-Qura date: `١٣ شعبان ١٤٣٧ هـ`."""
    day = value.date() if isinstance(value, datetime) else value
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:  # outside the Umm al-Qura tables (1937-2077)
        return ""
    if lang.startswith("ar"):
        return localize_digits(f"{hijri.day} {hijri.month_name('ar')} {hijri.year} هـ", digits)
    return f"{hijri.day} {hijri.month_name('en')} {hijri.year} AH"
