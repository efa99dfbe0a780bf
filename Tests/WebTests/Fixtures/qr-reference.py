#!/usr/bin/env python3
"""Writes qr-reference.json: QR module matrices (byte mode, level M, versions 1-10) from two
independent encoders on PyPI, which QRCodeTests compare with XinQiao's own encoder:

- `qrcode` with each mask forced (codewords, Reed-Solomon, placement, format and version bits);
- `qrcodegen` (Nayuki's reference implementation) for the mask the standard's penalty rules choose;
  the script checks that `qrcode` gives the same matrix for that mask. (`qrcode`'s own automatic
  choice follows different penalty arithmetic, so it is not used for the choice.)

Not segno: segno 1.6.6 adds a whole zero byte of "padding bits" when the bit stream already ends on
a codeword boundary (always, in byte mode), so its symbols scan but differ from the standard's
codeword sequence. Every symbol written here was also checked to decode with zbarimg.

Run once in a throwaway virtualenv (the tests read only the JSON):
    python3 -m venv .venv && .venv/bin/pip install qrcode qrcodegen && .venv/bin/python qr-reference.py
"""
import json

import qrcode
from qrcodegen import QrCode, QrSegment
from qrcode.util import MODE_8BIT_BYTE, QRData

texts = [
    "HELLO",
    "https://xinqiao.cn/s/sleep",
    "http://127.0.0.1:8080/survey/sample-survey",
    "https://xinqiao.example.cn/survey/parent-awareness-2027?src=qr",
    "心桥家长问卷：孩子的睡眠与情绪（匿名填写，约三分钟）",
    "https://xinqiao.example.cn/survey/" + "a" * 60,
    "家长朋友您好" * 6,
    "https://xinqiao.example.cn/survey/" + "b" * 90,
    "https://xinqiao.example.cn/survey/" + "c" * 120,
    "https://xinqiao.example.cn/survey/" + "d" * 140,
    "https://xinqiao.example.cn/survey/" + "e" * 178,
]


def symbol(text, mask):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
    code.add_data(QRData(text.encode("utf-8"), mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    rows = ["".join("1" if module else "0" for module in row) for row in code.modules]
    return {"text": text, "version": code.version, "mask": mask, "forced": True, "rows": rows}


def chosen(text):
    code = QrCode.encode_segments([QrSegment.make_bytes(text.encode("utf-8"))], QrCode.Ecc.MEDIUM, boostecl=False)
    size = code.get_size()
    rows = ["".join("1" if code.get_module(x, y) else "0" for x in range(size)) for y in range(size)]
    assert symbol(text, code.get_mask())["rows"] == rows, text
    return {"text": text, "version": code.get_version(), "mask": code.get_mask(), "forced": False, "rows": rows}


vectors = []
for index, text in enumerate(texts):
    # Every mask forced for two texts (each mask's pattern), then each text with the mask qrcode chooses.
    for mask in range(8) if index < 2 else []:
        vectors.append(symbol(text, mask))
    vectors.append(chosen(text))
with open("qr-reference.json", "w", encoding="utf-8") as out:
    json.dump({"generator": "qrcode 8.2 (forced masks), qrcodegen 1.8.0 (chosen masks)", "vectors": vectors},
              out, ensure_ascii=False, indent=1)
    out.write("\n")
print("versions:", sorted({v["version"] for v in vectors}))
