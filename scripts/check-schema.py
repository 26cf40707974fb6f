#!/usr/bin/env python3
"""Check YAML files against a JSON Schema with Python's jsonschema (an independent validator).

Usage: check-schema.py SCHEMA.json FILE.yaml...
Prints one line per file, 'ok PATH' or 'invalid PATH: where: message', and exits 0; exits 3
when python3 lacks jsonschema or PyYAML (scripts/setup installs them), 2 on wrong usage.
YAML scalars are read by the YAML 1.2 core schema, as Steward and editors' language servers
read them: 'no' and '2026-03-20' are text, not a boolean and a date.
"""

import json
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"check-schema: python3 lacks {missing.name}; run: python3 -m pip install --user jsonschema pyyaml",
          file=sys.stderr)
    sys.exit(3)


class CoreLoader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 (yes/no booleans, dates); this reads the 1.2 core schema."""


CoreLoader.yaml_implicit_resolvers = {}
CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+.0123456789"),
]
for tag, pattern, first in CORE:
    CoreLoader.add_implicit_resolver(tag, re.compile(pattern), list(first) + ([""] if tag.endswith("null") else []))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_int)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            try:
                document = yaml.load(f, Loader=CoreLoader)
            except yaml.YAMLError as error:
                print(f"invalid {path}: not YAML: {str(error).splitlines()[0]}")
                continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
            print(f"invalid {path}: {where}: {errors[0].message}")
        else:
            print(f"ok {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
