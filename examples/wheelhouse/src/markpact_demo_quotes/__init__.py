"""Quotes for the markpact bookshop example, shipped as a local wheel."""
import datetime

QUOTES = [
    ("Programs must be written for people to read, and only incidentally for machines to execute.", "Harold Abelson"),
    ("Simplicity is prerequisite for reliability.", "Edsger W. Dijkstra"),
    ("The best way to get a project done faster is to start sooner.", "Jim Highsmith"),
]


def quote_of_the_day():
    text, author = QUOTES[datetime.date.today().toordinal() % len(QUOTES)]
    return {"text": text, "author": author}
