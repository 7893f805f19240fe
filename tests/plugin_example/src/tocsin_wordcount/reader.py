"""A reader for ``.words`` files: one article per file, its title on the first line."""

from tocsin.article import Article, ReadError
from tocsin.registry import reader


@reader("words", extensions=(".words",))
def read(stream, name, path, max_bytes):
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield ReadError(name, f"larger than the {max_bytes:,}-byte limit per article")
        return
    title, _, body = data.decode("utf-8", errors="replace").partition("\n")
    yield Article(path=path, text=body.strip() + "\n", title=title.strip())
