"""Uploads waiting for "Appliquer": random tokens, no path tricks, old files purged."""

from __future__ import annotations

import os
import time

from imports.uploads import REPORT_TTL, UPLOAD_TTL, UploadStore


def test_save_load_delete(tmp_path):
    store = UploadStore(tmp_path / "imports")
    token = store.save(b"data", "liste.csv", 7)
    upload = store.load(token)
    assert (upload.data, upload.file_name, upload.user_id) == (b"data", "liste.csv", 7)
    assert store.load("../" + token) is None
    assert store.load("0" * 32) is None
    store.delete(token)
    assert store.load(token) is None
    assert list((tmp_path / "imports").iterdir()) == []


def test_old_files_are_purged(tmp_path):
    store = UploadStore(tmp_path)
    old = store.save(b"old", "a.csv", 1)
    fresh = store.save(b"new", "b.csv", 1)
    report = store.report_path(3)
    report.write_bytes(b"xlsx")
    now = time.time()
    for path in tmp_path.glob(f"{old}.*"):
        os.utime(path, (now - UPLOAD_TTL - 1, now - UPLOAD_TTL - 1))
    os.utime(report, (now - UPLOAD_TTL - 1, now - UPLOAD_TTL - 1))
    store.purge(now)
    assert store.load(old) is None and store.load(fresh) is not None
    assert report.is_file()  # reports are kept longer
    store.purge(now + REPORT_TTL)
    assert not report.is_file()
