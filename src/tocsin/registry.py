"""Registries: where stages, languages, readers, exporters and commands are found.

Like spaCy's factories and Datasette's plugin hooks: a component registers itself under
a name, and the pipeline, the readers, the exporters and the CLI look it up by name
instead of importing it from a list. Built-in components register when their module is
imported (each registry knows the package that holds them); another package adds its
own through an entry point in the registry's group, for example in its ``pyproject.toml``::

    [project.entry-points."tocsin.stages"]
    sentiment = "my_plugin.stage:make"

Loading the entry point imports the module, whose decorator registers the component.
An entry point whose object carries a ``spec`` (as the decorators below leave) or is a
plain object is registered under the entry point's name.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, BinaryIO, Generic, TypeVar

if TYPE_CHECKING:
    from tocsin.article import Article, ReadError
    from tocsin.languages import Language
    from tocsin.pipeline import Config, Stage

log = logging.getLogger(__name__)
T = TypeVar("T")


class Registry(Generic[T]):
    """Named components of one kind: built-ins from a package, plugins from an entry-point group."""

    def __init__(self, group: str, package: str | None = None):
        self.group = group
        self.package = package
        self._items: dict[str, T] = {}
        self._loaded = False

    def register(self, name: str, item: T) -> T:
        self._items[name] = item
        return item

    def get(self, name: str) -> T:
        self.load()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"no {self.group} component named {name!r} (known: {known})") from None

    def __contains__(self, name: str) -> bool:
        self.load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        self.load()
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        self.load()
        return sorted(self._items.items())

    def load(self) -> None:
        """Import the built-in package's modules once, then every installed plugin."""
        if self._loaded:
            return
        self._loaded = True
        if self.package:
            root = importlib.import_module(self.package)
            for info in pkgutil.iter_modules(root.__path__, f"{self.package}."):
                importlib.import_module(info.name)
        for ep in entry_points(group=self.group):
            try:
                obj = ep.load()
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not take Tocsin down
                log.warning("plugin %s in %s failed to load: %s", ep.value, self.group, exc)
                continue
            if ep.name not in self._items:
                self.register(ep.name, getattr(obj, "spec", obj))


# -- stages -------------------------------------------------------------------------
StageFactory = Callable[["Config", "Language | None"], "Stage"]


@dataclass(frozen=True)
class StageSpec:
    """A stage's factory and contract: what it reads from the document and what it writes.

    ``requires`` and ``assigns`` name document fields (``text``, ``spacy``, ``actors``,
    ``events``...); the pipeline checks, when it is built, that every field a stage
    requires is assigned by a stage before it, and when a stage fails on a document it
    resets what the stage assigns. ``after`` places a plugin stage that no language
    lists: it runs right after the named stage (at the end when ``None``).
    """

    name: str
    factory: StageFactory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    after: str | None = None


STAGES: Registry[StageSpec] = Registry("tocsin.stages", "tocsin.stages")


def stage(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (), after: str | None = None
) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory ``make(config, language) -> Stage`` under ``name``."""

    def register(factory: StageFactory) -> StageFactory:
        spec = StageSpec(name, factory, tuple(requires), tuple(assigns), after)
        STAGES.register(name, spec)
        factory.spec = spec  # type: ignore[attr-defined]
        return factory

    return register


# -- readers ------------------------------------------------------------------------
ReadFunction = Callable[[BinaryIO, str, "str | None", int], Iterator["Article | ReadError"]]


@dataclass(frozen=True)
class ReaderSpec:
    """A reader of one input format, and how files are matched to it.

    ``read(stream, name, path, max_bytes)`` yields an ``Article`` or a ``ReadError`` for
    each item in one open byte stream (``name`` is what to call the stream in messages,
    ``path`` what to record as the article's path, None for stdin); it must never read
    more than about ``max_bytes`` per article into memory, and should turn what it cannot
    read into ``ReadError``s rather than raise (an exception is reported for the whole
    stream). ``extensions`` are the file name endings it claims (``.txt``; a further
    ``.gz`` is inflated first unless ``compressed``); ``sniff(head)`` says whether the
    first bytes of a file without a claimed extension are its format; sniffers are tried
    highest ``priority`` first. ``binary`` readers take data that is not text (archives);
    for the others binary data is refused before they see it.
    """

    name: str
    read: ReadFunction
    extensions: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0
    binary: bool = False
    compressed: bool = False


READERS: Registry[ReaderSpec] = Registry("tocsin.readers", "tocsin.sources")


def reader(
    name: str,
    *,
    extensions: tuple[str, ...] = (),
    sniff: Callable[[bytes], bool] | None = None,
    priority: int = 0,
    binary: bool = False,
    compressed: bool = False,
) -> Callable[[ReadFunction], ReadFunction]:
    """Register a reader ``read(stream, name, path, max_bytes)`` under ``name`` (see ``ReaderSpec``)."""

    def register(read: ReadFunction) -> ReadFunction:
        spec = ReaderSpec(name, read, tuple(e.lower() for e in extensions), sniff, priority, binary, compressed)
        READERS.register(name, spec)
        read.spec = spec  # type: ignore[attr-defined]
        return read

    return register


def component(registry: Registry[Any], name: str) -> Callable[[T], T]:
    """Register any object (a language, a reader, an exporter, a command) under ``name``."""

    def register(obj: T) -> T:
        registry.register(name, obj)
        return obj

    return register
