"""Python data from a YAML parser's event stream, as `yaml.safe_load` builds it, without the
node tree in between: that tree takes two thirds of the memory of loading a large bank.

Values are built as their events arrive, one open collection per nesting level. Only scalars
that are not strings (numbers, booleans, dates, binary) go through the safe constructor. An
alias gives the same object again, so an alias bomb stays small; each value's expanded size is
counted on the way, for the caller to refuse a document that aliases would blow up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml import events
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.nodes import ScalarNode

from aiops_prep.bank import Marks

STR, SEQ, MAP, SET, OMAP, PAIRS, MERGE, VALUE = (
    f"tag:yaml.org,2002:{kind}"
    for kind in ("str", "seq", "map", "set", "omap", "pairs", "merge", "value")
)
KINDS = {events.SequenceStartEvent: (SEQ, OMAP, PAIRS), events.MappingStartEvent: (MAP, SET)}
MAX_DEPTH = 1000  # nested collections, as libyaml allows; the pure-Python parser has no limit
_MERGE_KEY = object()  # a `<<` key: its value's mappings merge into the mapping


class Built:
    """A document's data, how many values it holds as written, how many its aliases make, and
    its first duplicate key: raised by the caller after an alias bomb, which matters more."""

    __slots__ = ("data", "written", "expanded", "duplicate")

    def __init__(
        self, data: Any, written: int, expanded: int, duplicate: ConstructorError | None = None
    ) -> None:
        self.data, self.written, self.expanded, self.duplicate = data, written, expanded, duplicate


class _Open:
    """A sequence or mapping whose items are still arriving."""

    __slots__ = ("value", "tag", "anchor", "mark", "size", "key", "given", "merges", "path")

    def __init__(self, value: Any, tag: str, event: Any, path: tuple[Any, ...] | None) -> None:
        self.value, self.tag, self.anchor, self.mark = value, tag, event.anchor, event.start_mark
        self.size, self.path = 1, path
        self.key: Any = None  # a mapping's key, waiting for its value
        self.given: dict[Any, Any] = {}  # each key as written -> its mark, for duplicates
        self.merges: list[tuple[Any, Any]] = []

    def expects_key(self) -> bool:
        return isinstance(self.value, dict) and self.key is None


def build(
    loader: Any,
    clean: Callable[[str], str],
    quote: Callable[[Any], str],
    marks: Marks | None = None,
) -> Built:
    """The single document `loader` parses. `clean` makes a string printable, `quote` shows a
    key in a message; `marks`, when given, is filled with where each value stands (of the key,
    for a mapping's entries)."""
    loader.get_event()  # the stream's start
    if loader.check_event(events.StreamEndEvent):
        loader.get_event()
        return Built(None, 0, 0)
    document = loader.get_event()
    anchors: dict[str, tuple[Any, int, Any]] = {}
    stack: list[_Open] = []
    written, duplicate = 0, None
    while True:
        event = loader.get_event()
        kind = type(event)
        top = stack[-1] if stack else None
        in_key = top is not None and top.expects_key()
        path = _path(top, in_key) if marks is not None else None
        if marks is not None and path is not None and kind in _STARTS:
            marks.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
        if kind is events.ScalarEvent:
            written += 1
            value, size = _scalar(loader, event, in_key, clean), 1
            _anchor(anchors, event, value, size)
        elif kind is events.AliasEvent:
            if event.anchor not in anchors:
                problem = f"found undefined alias {event.anchor!r}"
                raise ComposerError(None, None, problem, event.start_mark)
            value, size, _ = anchors[event.anchor]
        elif kind in KINDS:
            written += 1
            tag = event.tag
            if tag is None or tag == "!":
                tag = KINDS[kind][0]
            if tag not in KINDS[kind]:
                problem = f"could not determine a constructor for the tag {tag!r}"
                raise ConstructorError(None, None, problem, event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise ConstructorError(None, None, "nested too deeply", event.start_mark)
            container: Any = [] if kind is events.SequenceStartEvent else {}
            stack.append(_Open(container, tag, event, None if in_key else path))
            _anchor(anchors, event, container, 1)
            continue
        elif kind is events.SequenceEndEvent or kind is events.MappingEndEvent:
            done = stack.pop()
            value, size = _finish(done), done.size
            if done.anchor is not None:
                anchors[done.anchor] = (value, size, done.mark)
            top = stack[-1] if stack else None
            in_key = top is not None and top.expects_key()
        else:  # the document's end
            break
        if top is None:
            root, expanded = value, size
            continue
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
        elif in_key:
            duplicate = duplicate or _key(top, value, event, quote, marks)
        else:
            if top.key is _MERGE_KEY:
                top.merges.append((value, event.start_mark))
            else:
                top.value[top.key] = value
            top.key = None
    if not loader.check_event(events.StreamEndEvent):
        again = loader.get_event()
        raise ComposerError(
            "expected a single document in the stream",
            document.start_mark,
            "but found another document",
            again.start_mark,
        )
    return Built(root, written, expanded, duplicate)


_STARTS = (events.ScalarEvent, events.SequenceStartEvent, events.MappingStartEvent)


def _path(top: _Open | None, in_key: bool) -> tuple[Any, ...] | None:
    """Where the next value stands: None inside a key, whose parts `validate` never names."""
    if top is None:
        return ()
    if top.path is None or in_key:
        return None
    if isinstance(top.value, list):
        return (*top.path, len(top.value))
    return (*top.path, top.key if isinstance(top.key, str) else repr(top.key))


def _scalar(loader: Any, event: Any, in_key: bool, clean: Callable[[str], str]) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(ScalarNode, event.value, event.implicit) if event.implicit[0] else STR
    if tag == STR or (in_key and tag == VALUE):
        return clean(event.value)
    if in_key and tag == MERGE:
        return _MERGE_KEY
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node, deep=True)


def _anchor(anchors: dict[str, tuple[Any, int, Any]], event: Any, value: Any, size: int) -> None:
    if event.anchor is None:
        return
    if event.anchor in anchors:
        problem = f"found duplicate anchor {event.anchor!r}; first occurrence"
        first = anchors[event.anchor][2]
        raise ComposerError(problem, first, "second occurrence", event.start_mark)
    anchors[event.anchor] = (value, size, event.start_mark)


def _key(
    top: _Open,
    key: Any,
    event: Any,
    quote: Callable[[Any], str],
    marks: Marks | None,
) -> ConstructorError | None:
    """Take a mapping's next key; a key given twice is an error naming both lines (the safe
    loader keeps the last silently). Strings compare as written, before they are cleaned."""
    top.key = key
    if key is _MERGE_KEY:
        return None
    hash(key)  # a list or a mapping used as a key: TypeError
    raw = event.value if type(event) is events.ScalarEvent and isinstance(key, str) else key
    if raw in top.given:
        line = top.given[raw].line + 1
        problem = f"duplicate key {quote(key)} (first at line {line})"
        return ConstructorError(None, None, problem, event.start_mark)
    top.given[raw] = event.start_mark
    if marks is not None and top.path is not None:
        name = key if isinstance(key, str) else repr(key)
        marks[(*top.path, name)] = (event.start_mark.line + 1, event.start_mark.column + 1)
    return None


def _finish(done: _Open) -> Any:
    """A collection's value once its items are in: merge keys applied, `!!set`, `!!omap` and
    `!!pairs` made what the safe loader makes of them."""
    value = done.value
    if done.merges:
        merged: dict[Any, Any] = {}
        for source, mark in done.merges:
            sources = reversed(source) if isinstance(source, list) else [source]
            for mapping in sources:
                if not isinstance(mapping, dict):
                    problem = "expected a mapping or a list of mappings for merging"
                    raise ConstructorError(None, None, problem, mark)
                merged.update(mapping)
        own = dict(value)
        value.clear()
        value.update(merged)
        value.update(own)
    if done.tag == SET:
        return set(value)
    if done.tag in (OMAP, PAIRS):
        if not all(isinstance(item, dict) and len(item) == 1 for item in value):
            problem = "expected a mapping of length 1 in an ordered map or pairs"
            raise ConstructorError(None, None, problem, done.mark)
        return [next(iter(item.items())) for item in value]
    return value
