"""cache_files: what `write_payload` wrote reads back as it was; a torn, edited, foreign or shared
file, or one of the other layout, reads as None (the caller builds afresh)."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from amltui import cache_files

PAYLOAD = '[["s.toml", 1, 2, 3, 4, 5, "a title with é and \\\\n"]]'.encode()
PLACE = "/home/someone/sessions\nwith a newline"


@pytest.fixture
def path(private_cache):
    return private_cache / "listing-x.json"


def test_a_payload_reads_back_as_written(path):
    cache_files.write_payload(path, 2, PAYLOAD, place=PLACE)
    assert cache_files.read_payload(path, 2, 1024, place=PLACE) == PAYLOAD
    assert path.read_bytes().count(b"\n") == 1  # the place's newline is escaped in the first line
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_every_prefix_of_the_file_and_every_other_format_place_or_limit_is_refused(path):
    cache_files.write_payload(path, 2, PAYLOAD, place=PLACE)
    data = path.read_bytes()
    for end in range(len(data)):
        path.write_bytes(data[:end])
        os.chmod(path, 0o600)
        assert cache_files.read_payload(path, 2, 1024, place=PLACE) is None, end
    path.write_bytes(data)
    assert cache_files.read_payload(path, 2, 1024, place=PLACE) == PAYLOAD
    assert cache_files.read_payload(path, 1, 1024, place=PLACE) is None
    assert cache_files.read_payload(path, 2, 1024, place="/elsewhere") is None
    assert cache_files.read_payload(path, 2, len(data) - 1, place=PLACE) is None


def test_a_file_others_may_read_is_not_believed(path):
    cache_files.write_payload(path, 2, PAYLOAD)
    os.chmod(path, 0o640)
    assert cache_files.read_payload(path, 2, 1024) is None


def test_content_is_its_json_decoded_once_and_the_layout_before_is_refused(path):
    cache_files.write(path, 2, json.loads(PAYLOAD))
    assert cache_files.read(path, 2, 1024) == json.loads(PAYLOAD)
    payload = json.dumps(json.loads(PAYLOAD))
    before = {"format": 2, "place": "", "check": hashlib.sha256(payload.encode()).hexdigest(), "payload": payload}
    path.write_text(json.dumps(before))  # the layout before: the payload as a string inside JSON
    assert cache_files.read(path, 2, 1024) is None
    cache_files.write_payload(path, 2, b"[not json")
    assert cache_files.read(path, 2, 1024) is None


def test_no_cache_folder_means_no_cache_and_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cache_files.write_payload(blocker / "cache" / "x.json", 2, PAYLOAD)
    assert cache_files.read_payload(blocker / "cache" / "x.json", 2, 1024) is None


def test_content_utf_8_cannot_hold_leaves_no_cache_and_no_temporary_file(path, private_cache):
    cache_files.write(path, 2, {"a": "\ud800"})
    assert list(private_cache.iterdir()) == []
