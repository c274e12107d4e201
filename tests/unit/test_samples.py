"""The sample files are the published ones, unedited: every file the tests read is pinned by
its checksum, and every pinned file is there."""

from __future__ import annotations

from tests.support.samples import SAMPLES, pinned, sha256


def test_every_sample_is_the_published_file_unchanged():
    expected = pinned()
    present = {str(p.relative_to(SAMPLES)): sha256(p) for p in SAMPLES.glob("*/*") if p.is_file()}
    assert present == expected
    assert {name.split("/")[0] for name in expected} == {"ifc", "dxf", "3dm"}
