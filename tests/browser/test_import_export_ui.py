"""Issue 5 in the editor: import a file through the Import dialog (upload with progress, the
job's live progress, the report), see it in the plan and in 3D, export IFC4 through the Export
menu and download it; server errors shown in words next to the action, and viewers cannot
import. Screenshots of each import's plan and 3D views go to test-artifacts/ for a reviewer."""

from __future__ import annotations

from pathlib import Path

import httpx
import ifcopenshell
import ifcopenshell.guid
import pytest
from playwright.sync_api import Page, expect
from tests.browser.support import baked, elements, open_project, person, settled, token_of
from tests.support.client import model_state
from tests.support.samples import SAMPLES
from tests.support.stack import running_stack

pytestmark = pytest.mark.browser

COUNTED = ("IfcWall", "IfcSlab", "IfcDoor", "IfcWindow", "IfcBuildingStorey")
UPLOAD_LIMIT = 100_000

ROWS_JS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid=report-row]')].map(
    r => [r.dataset.source, Object.fromEntries([...r.querySelectorAll('td[data-col]')].map(
        td => [td.dataset.col, Number(td.textContent)]))]))"""

# What the dialog's progress shows, each time it changes (stage text, percent).
WATCH_PROGRESS_JS = """() => {
    const el = document.querySelector('[data-testid=import-progress]');
    const seen = window.__importProgress = [];
    new MutationObserver(() => {
        const sample = [el.querySelector('[data-testid=import-stage]').textContent, Number(el.dataset.percent)];
        const last = seen[seen.length - 1];
        if (!last || last[0] !== sample[0] || last[1] !== sample[1]) seen.push(sample);
    }).observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def is_a(schema: str, kind: str, ancestor: str) -> bool:
    """`kind` is `ancestor` or one of its subtypes in `schema` (as by_type counts them)."""
    try:
        node = ifcopenshell.ifcopenshell_wrapper.schema_by_name(schema).declaration_by_name(kind)
    except RuntimeError:
        return False  # a DXF or 3dm source type
    while node is not None:
        if node.name() == ancestor:
            return True
        node = node.supertype()
    return False


def next_frames(page: Page) -> None:
    """Two animation frames: whatever was invalidated has been drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def import_through_dialog(page: Page, source: Path, level_name: str | None = None) -> None:
    page.get_by_test_id("import-button").click()
    expect(page.get_by_test_id("import-dialog")).to_be_visible()
    page.get_by_test_id("import-file").set_input_files(str(source))
    expect(page.get_by_test_id("import-file-info")).to_contain_text(source.name)
    if level_name is None:
        expect(page.get_by_test_id("import-options")).to_be_hidden()  # IFC: storeys are levels
    else:
        page.get_by_test_id("import-level").select_option(label=level_name)
    page.evaluate(WATCH_PROGRESS_JS)
    page.get_by_test_id("import-start").click()


def report_rows(page: Page) -> dict[str, dict[str, int]]:
    return page.evaluate(ROWS_JS)


@pytest.mark.parametrize("filename, slug", [("AC20-FZK-Haus.ifc", "fzk-haus"),
                                            ("duplex.ifc", "duplex")])
def test_import_an_ifc_sample_in_the_dialog_see_it_and_export_it_as_ifc4(
        shared_stack, browser, artifacts, page_errors, tmp_path, filename, slug):
    source = SAMPLES / "ifc" / filename
    raw = ifcopenshell.open(str(source))
    expected = {t: len(raw.by_type(t)) for t in COUNTED}
    storeys = sorted(s.Name for s in raw.by_type("IfcBuildingStorey"))
    ada = person(browser, shared_stack.url, "Ada")
    page = ada.page
    page_errors(page)
    pid = ada.create_project(f"Import {slug}")
    open_project(page, shared_stack.url, pid)

    import_through_dialog(page, source)
    report = page.get_by_test_id("import-report")
    expect(report).to_be_visible(timeout=180_000)

    # The dialog showed the upload, then the job's own progress: percent and stage.
    seen = page.evaluate("window.__importProgress")
    uploading = [p for s, p in seen if s.startswith("Uploading")]
    importing = [(s, p) for s, p in seen if s.startswith(f"Importing {filename}")]
    assert uploading and max(uploading) == 100, seen
    assert len({p for _, p in importing}) >= 3, seen
    assert [p for _, p in importing] == sorted(p for _, p in importing), importing
    assert any(" — geometry" in s for s, _ in importing), seen

    # The report's rows add up to what ifcopenshell counts in the file (subtypes included).
    rows = report_rows(page)
    for ifc_type, n in expected.items():
        mine = [row for kind, row in rows.items() if is_a(raw.schema, kind, ifc_type)]
        assert sum(r["total"] for r in mine) == n, (ifc_type, rows)
        assert sum(r["native"] + r["reference"] for r in mine) == n, (ifc_type, rows)
    expect(page.get_by_test_id("report-title")).to_contain_text(filename)
    for name in storeys:
        expect(page.get_by_test_id("report-levels")).to_contain_text(name)
    native_walls = sum(r["native"] for k, r in rows.items() if is_a(raw.schema, k, "IfcWall"))
    expect(page.get_by_test_id("report-native")).to_contain_text(f"{native_walls} walls")
    expect(page.get_by_test_id("report-fallbacks")).to_contain_text("not a plain extrusion")
    expect(page.get_by_test_id("report-skipped")).to_contain_text("IfcOpeningElement")
    expect(page.get_by_test_id("status-message")).to_contain_text(f"Imported {filename}")

    # The model holds what the report says; the plan went to the busiest imported storey.
    page.wait_for_function(f"window.__pryzm.wallCount() === {native_walls}", timeout=30_000)
    assert sorted(level["name"] for level in page.evaluate("window.__pryzm.levels()")
                  if level["name"] in storeys) == storeys
    page.get_by_test_id("import-done").click()
    expect(page.get_by_test_id("import-dialog")).to_be_hidden()
    current = page.evaluate("window.__pryzm.currentLevel()")
    level_name = next(lv["name"] for lv in page.evaluate("window.__pryzm.levels()")
                      if lv["id"] == current)
    assert level_name in storeys
    expect(page.get_by_test_id("plan-empty")).to_be_hidden()

    # The bake shows in 3D: many triangles in few draw calls.
    baked(page, timeout=180_000)
    page.get_by_test_id("fit").click()
    next_frames(page)
    page.get_by_test_id("plan-view").screenshot(path=str(artifacts / f"import-{slug}-plan.png"))
    page.get_by_test_id("view3d").screenshot(path=str(artifacts / f"import-{slug}-3d.png"))
    stats = page.evaluate("window.__pryzm.renderStats()")
    assert stats["triangles"] > 10_000, stats
    assert 0 < stats["drawCalls"] <= 200, stats

    # Export IFC4 through the menu and download it.
    page.get_by_test_id("export-button").click()
    page.get_by_test_id("export-ifc4").click()
    job = page.locator("[data-testid=export-job][data-format=ifc4]")
    expect(job).to_be_visible()
    link = job.get_by_test_id("export-download")
    expect(link).to_be_visible(timeout=120_000)
    expect(job.get_by_test_id("export-status")).to_contain_text("ready")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"Import {slug}-ifc4.ifc"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    exported = ifcopenshell.open(str(path))
    assert exported.schema == "IFC4"
    # Native walls come out as parametric walls (an Axis and a swept body), one per PRYZM wall.
    parametric = [w for w in exported.by_type("IfcWall") if w.Representation and any(
        r.RepresentationIdentifier == "Axis" for r in w.Representation.Representations)]
    pryzm_walls = elements(page, "wall")
    assert len(parametric) == len(pryzm_walls) == native_walls
    assert {w.GlobalId for w in parametric} == {
        ifcopenshell.guid.compress(w["id"].replace("-", "")) for w in pryzm_walls}
    # ...and every wall of the source file is in the export (the rest as reference bodies).
    assert len(exported.by_type("IfcWall")) == expected["IfcWall"]
    ada.context.close()


def test_import_a_dxf_onto_the_level_chosen_in_the_dialog(shared_stack, browser, artifacts,
                                                          page_errors):
    ada = person(browser, shared_stack.url, "Ada")
    page = ada.page
    page_errors(page)
    pid = ada.create_project("Import DXF")
    open_project(page, shared_stack.url, pid)
    page.get_by_test_id("level-add").click()  # "Level 1" above "Level 0"; the plan follows it
    page.wait_for_function("window.__pryzm.levels().length === 2")
    page.get_by_test_id("level-select").select_option(label="Level 0 (+0.00 m)")
    level_1 = next(lv["id"] for lv in page.evaluate("window.__pryzm.levels()")
                   if lv["name"] == "Level 1")

    source = SAMPLES / "dxf" / "insert_bricscad_level_1.dxf"
    import_through_dialog(page, source, level_name="Level 1 (+3.00 m)")
    expect(page.get_by_test_id("import-report")).to_be_visible(timeout=120_000)
    rows = report_rows(page)
    assert any(kind.startswith("INSERT/") for kind in rows), rows
    assert sum(r["reference"] for r in rows.values()) > 0
    page.get_by_test_id("import-done").click()
    # Everything is on the chosen level, and the plan (on empty Level 0) went there.
    page.wait_for_function("window.__pryzm.elementCount('reference') > 0")
    assert {e["level_id"] for e in elements(page, "reference")} == {level_1}
    page.wait_for_function(f"window.__pryzm.currentLevel() === {level_1!r}")
    expect(page.get_by_test_id("plan-empty")).to_be_hidden()
    baked(page, timeout=120_000)
    page.get_by_test_id("fit").click()
    next_frames(page)
    page.get_by_test_id("plan-view").screenshot(path=str(artifacts / "import-dxf-plan.png"))
    ada.context.close()


def test_an_import_is_one_undo_step_for_the_user_who_ran_it(shared_stack, browser,
                                                            page_errors):
    """Issue 5: the import is this user's edit like any other: Ctrl+Z takes the whole import
    back (elements and the levels its storeys made) as one step, Ctrl+Shift+Z brings it back
    as it was, and both reach the server. The editor that watched the import live holds the
    model the server's log gives (one hash), before and after."""
    ada = person(browser, shared_stack.url, "Ada")
    page = ada.page
    page_errors(page)
    pid = ada.create_project("Import then undo")
    open_project(page, shared_stack.url, pid)
    levels_before = page.evaluate("window.__pryzm.levels()")

    def server_hash() -> str:
        headers = {"Authorization": f"Bearer {token_of(page)}"}
        return model_state(lambda path: httpx.get(shared_stack.url + path, headers=headers),
                           pid).hash()

    import_through_dialog(page, SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc")
    expect(page.get_by_test_id("import-report")).to_be_visible(timeout=120_000)
    page.get_by_test_id("import-done").click()
    expect(page.get_by_test_id("undo")).to_be_enabled()  # once the import's events are in
    settled(page)
    imported = page.evaluate("window.__pryzm.stateHash()")
    count = page.evaluate("window.__pryzm.elementCount()")
    assert count > 10 and len(page.evaluate("window.__pryzm.levels()")) > len(levels_before)
    assert imported == server_hash()

    page.get_by_test_id("plan-canvas").focus()
    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("status-message")).to_contain_text(
        'Undid "import IfcOpenHouse_IFC4.ifc"')
    page.wait_for_function("window.__pryzm.elementCount() === 0")
    settled(page)
    assert page.evaluate("window.__pryzm.levels()") == levels_before
    assert page.evaluate("window.__pryzm.stateHash()") == server_hash()

    page.keyboard.press("Control+Shift+Z")
    expect(page.get_by_test_id("status-message")).to_contain_text(
        'Redid "import IfcOpenHouse_IFC4.ifc"')
    page.wait_for_function(f"window.__pryzm.elementCount() === {count}")
    settled(page)
    assert page.evaluate("window.__pryzm.stateHash()") == imported == server_hash()
    ada.context.close()


@pytest.fixture(scope="module")
def small_stack():
    """A stack that takes uploads of at most UPLOAD_LIMIT bytes."""
    with running_stack("pryzm-upload-limit-", PRYZM_MAX_UPLOAD_BYTES=str(UPLOAD_LIMIT)) as s:
        yield s


def test_import_errors_are_shown_in_words_and_viewers_cannot_import(small_stack, browser,
                                                                    page_errors, tmp_path):
    ada = person(browser, small_stack.url, "Ada")
    bob = person(browser, small_stack.url, "Bob")
    page = ada.page
    page_errors(page, bob.page)
    pid = ada.create_project("Import errors")
    ada.add(pid, bob, "viewer")
    open_project(page, small_stack.url, pid)
    head = page.evaluate("window.__pryzm.headSeq()")
    error = page.get_by_test_id("import-error")

    # Too large for this server: 413, next to the Import button.
    fzk = SAMPLES / "ifc" / "AC20-FZK-Haus.ifc"
    import_through_dialog(page, fzk)
    expect(error).to_contain_text("The file is larger than this server accepts", timeout=30_000)
    expect(error).to_contain_text(f"{UPLOAD_LIMIT:,} bytes")
    expect(page.get_by_test_id("import-start")).to_be_enabled()  # free to pick another file

    # Not a model: the upload is stored as a PNG, and the import refuses it (422).
    png = tmp_path / "plan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_test_id("import-file").set_input_files(str(png))
    expect(page.get_by_test_id("import-file-info")).to_contain_text("not an IFC, DXF or 3dm")
    page.get_by_test_id("import-start").click()
    expect(error).to_contain_text("only IFC, IFC-zip, DXF and 3dm files import", timeout=30_000)
    expect(error).to_contain_text("[unsupported_format]")

    # A file cut short uploads, and its job fails: the reason in words.
    cut = tmp_path / "cut.ifc"
    cut.write_bytes(fzk.read_bytes()[:60_000])
    page.get_by_test_id("import-file").set_input_files(str(cut))
    page.get_by_test_id("import-start").click()
    expect(error).to_contain_text("Importing cut.ifc failed: The file is cut short",
                                  timeout=120_000)
    expect(error).to_contain_text("[truncated]")
    assert page.evaluate("window.__pryzm.headSeq()") == head  # nothing was imported
    page.get_by_test_id("import-close").click()
    expect(page.get_by_test_id("import-dialog")).to_be_hidden()

    # A viewer cannot import, but can export.
    open_project(bob.page, small_stack.url, pid)
    bob.page.wait_for_function("window.__pryzm.role() === 'viewer'")
    expect(bob.page.get_by_test_id("import-button")).to_be_disabled()
    expect(bob.page.get_by_test_id("export-button")).to_be_enabled()
    ada.context.close()
    bob.context.close()
