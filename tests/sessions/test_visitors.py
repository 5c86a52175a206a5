"""Browser visitors' own sessions folders: a token names one folder inside visitors/, and
nothing else does (the token comes from a web page: hostile until checked)."""

from __future__ import annotations

import os

import pytest

from amltui.sessions.visitors import VISITORS, new_token, visitor_folder, visitor_folders


def test_a_token_names_a_folder_of_its_own_inside_visitors(tmp_path):
    token = new_token()
    folder = visitor_folder(tmp_path, token)
    assert folder is not None and folder.parent == tmp_path / VISITORS
    assert token not in str(folder)  # a path on a screen does not give the token away
    assert visitor_folder(tmp_path, token) == folder  # the same token: the same folder
    assert visitor_folder(tmp_path, new_token()) != folder


@pytest.mark.parametrize(
    "token",
    [
        "",
        "..",
        "../../etc",
        "/etc/passwd",
        "a" * 31,
        "a" * 33,
        "a" * 32 + "\n",
        "\n" + "a" * 31,
        "A" * 32,
        "g" * 32,
        "a" * 16 + "/" + "a" * 15,
        "a" * 31 + "\x00",
        "\u0660" * 32,  # Arabic-Indic zeros: digits to Unicode, not to the page
        "a" * 10_000,
    ],
)
def test_a_token_the_page_does_not_make_names_no_folder(tmp_path, token):
    assert visitor_folder(tmp_path, token) is None


def test_the_trainer_sees_every_visitors_folder_and_nothing_else(tmp_path):
    made = sorted(folder for folder in (visitor_folder(tmp_path, new_token()) for _ in range(3)) if folder)
    for folder in made:
        folder.mkdir(parents=True)
    visitors = tmp_path / VISITORS
    (visitors / "notes.txt").write_text("not a visitor")
    (visitors / ("ab" * 12)).write_text("a file, named like a folder")  # ab * 12: 24 hex digits
    (visitors / "someone").mkdir()
    os.symlink(tmp_path, visitors / ("c" * 24))  # a link, perhaps out of the folder
    assert visitor_folders(tmp_path) == made


def test_no_visitors_yet_is_none(tmp_path):
    assert visitor_folders(tmp_path) == []
    (tmp_path / VISITORS).write_text("a file where the folder would be")
    assert visitor_folders(tmp_path) == []
