"""A reader for ``.words`` files: one article per file, its title on the first line."""

from tocsin.article import Article


def read(stream, name, path, max_bytes):
    data = stream.read(max_bytes + 1).decode("utf-8")
    title, _, body = data.partition("\n")
    yield Article(path=path, text=body, title=title.strip())


reader = read
