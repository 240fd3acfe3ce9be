"""The command line as a user meets it: help, errors, exit codes, a real build."""

import subprocess
import sys

import pytest

from zhbrief.cli import main
from zhbrief.errors import EXIT_MODEL, EXIT_PARTIAL

from conftest import DATA, REPO


def test_help_does_not_import_the_model_runtime_or_jieba():
    code = "import sys; from zhbrief.cli import main; main(['--help']); " \
           "print(sorted(m for m in ('jieba', 'ctranslate2', 'sentencepiece', 'opencc') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("[]")


def test_build_without_a_model_says_how_to_install_one(tmp_path, capsys):
    code = main(["build", str(DATA / "simplified_utf8.txt"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_MODEL
    assert "zhbrief model fetch" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "briefing.md").exists()


def test_model_install_rejects_a_file_that_is_not_a_package(tmp_path, capsys):
    bogus = tmp_path / "x.argosmodel"
    bogus.write_bytes(b"not a zip")
    assert main(["model", "install", str(bogus)]) == EXIT_MODEL
    assert "not an .argosmodel" in capsys.readouterr().err


@pytest.mark.model
def test_build_of_a_mixed_folder_is_partial_and_writes_the_rest(real_model, tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_gb18030.txt").write_bytes((DATA / "simplified_gb18030.txt").read_bytes())
    (inputs / "b_big5.txt").write_bytes((DATA / "traditional_big5.txt").read_bytes())
    (inputs / "c_empty.txt").write_bytes(b"")
    (inputs / "d_binary.bin").write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "out"
    code = main(["build", str(inputs), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_PARTIAL
    skipped = [ln for ln in captured.err.splitlines() if ln.startswith("skipped")]
    assert len(skipped) == 2
    assert any("c_empty.txt: empty file" in ln for ln in skipped)
    assert any("d_binary.bin: binary file" in ln for ln in skipped)
    briefing = (out / "briefing.md").read_text("utf-8")
    assert "安阳" in briefing and "骨干教师" in briefing  # Big5 traditional text came out simplified
    assert "school" in briefing.lower() and "teacher" in briefing.lower()  # real English from the model
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["build", str(inputs), "-o", str(out)]) == EXIT_PARTIAL
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # deterministic


def test_translate_takes_a_long_sentence_that_is_not_a_path(capsys, monkeypatch):
    """Regression: a long Chinese sentence as TEXT crashed with 'File name too long'."""
    import sys

    stage = sys.modules["zhbrief.translate"]  # the module; zhbrief.translate is the stage function
    seen = {}

    def fake_translate_texts(items, glossary, engine, options):
        seen["items"] = items
        return []

    monkeypatch.setattr(stage, "translate_texts", fake_translate_texts)
    monkeypatch.setattr(stage, "load_engine", lambda options: None)
    sentence = "选派100名校长到北京" + "、清华附小" * 60 + "等名校跟岗实践。"
    assert main(["translate", sentence, "--no-cache"]) == 0
    assert seen["items"] == [("s1", sentence)]


def test_the_readme_excerpt_is_a_line_of_the_committed_briefing():
    """Regression: the README quoted a row of briefings/briefing.md from an older build."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    briefing = (REPO / "briefings" / "briefing.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in readme.splitlines() if line.startswith("| s")]
    assert rows, "the README has no briefing excerpt"
    for row in rows:
        assert row in briefing, row[:80]
