"""Fills a config template: every @NAME@ from NAME=VALUE arguments (a value may span lines).

    deploy/render.py TEMPLATE OUTPUT NAME=VALUE...

Fails on a placeholder left unfilled, so a renamed variable cannot slip through.
"""

import re
import sys

template, output, *pairs = sys.argv[1:]
values = dict(pair.split("=", 1) for pair in pairs)
with open(template) as handle:
    text = handle.read()
text = re.sub(r"@([A-Z][A-Z0-9_]*)@", lambda m: values.get(m.group(1), m.group(0)), text)
# (placeholders named in comments, like @NAME@ here, are left as they are)
left = sorted(set(re.findall(r"^[^#\n]*@([A-Z][A-Z0-9_]*)@", text, re.MULTILINE)))
if left:
    sys.exit(f"render: {template}: no value for {', '.join(left)}")
with open(output, "w") as handle:
    handle.write(text)
