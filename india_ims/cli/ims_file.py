"""Reading a JSON file the user names (an IMS download, a GSTR-2B): one clear line for every way it
can be wrong, each naming the file (and the section, record and field the parser names)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import orjson

from ..gst_india.errors import GstError, PayloadError
from ..gst_india.memory import cyclic_gc_paused
from ..gst_india.payload.getinv import GetinvRead, read_getinv

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def load_json(path: Path) -> object:
    """The JSON of ``path``: orjson first; on its refusal the standard library, which reads integers
    beyond 64 bits (so 10**30 reaches the field check that names it) and words its errors by line."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GstError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GstError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise GstError(f"{path}: cannot be read ({error.strerror or error})") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data = data[len(bom):].decode(encoding).encode("utf-8")
            except UnicodeError:
                raise GstError(f"{path}: not valid {encoding} text") from None
            break
    if not data.strip():
        raise GstError(f"{path}: the file is empty")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise GstError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise GstError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}") \
            from None
    except RecursionError:
        raise GstError(f"{path}: not valid JSON for this app: nested too deeply") from None
    except ValueError:  # Python's cap on the digits of an integer (4,300)
        raise GstError(f"{path}: a number too long to read (over 4,300 digits)") from None


def read_ims_file(path: Path) -> GetinvRead:
    """IMS records of a GETINV file, bare or in any envelope ``payload.envelope`` knows."""
    with cyclic_gc_paused():  # the JSON's objects too: they are many and all kept until read
        payload = load_json(path)
    try:
        return read_getinv(payload, allow_empty=False)
    except PayloadError as error:
        raise GstError(f"{path}, {error}") from None
    except RecursionError:  # a payload nested deeper than any envelope, built in memory
        raise GstError(f"{path}: nested too deeply to be an IMS download") from None


def report_notes(path: Path, read: GetinvRead, *, out=None, limit: int = 20) -> None:
    """What was read past and what is doubtful, on stderr: skipped sections, GSTN's "no data"
    answer, and warnings (the first ``limit``, then how many more)."""
    out = out or sys.stderr
    if read.path:
        print(f"{path}: records read from inside the envelope at '{read.path}'", file=out)
    if read.no_data_code:
        print(f"{path}: GSTN answered {read.no_data_code} (no records for the criteria)", file=out)
    for section, count in sorted(read.skipped.items()):
        print(f"{path}: section {section} skipped ({count} records): this app does not read "
              "ISD or import records of IMS yet", file=out)
    for warning in read.warnings[:limit]:
        print(f"{path}, warning: {warning}", file=out)
    if len(read.warnings) > limit:
        print(f"{path}: ... and {len(read.warnings) - limit} more warnings", file=out)
