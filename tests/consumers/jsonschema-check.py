"""python-jsonschema (Draft 2020-12, with format checking): check the
schema given as the first argument, then validate each record file after it.

Prints what ajv-check.mjs prints: one line per record, "valid PATH" or
"invalid PATH N" followed by one line per error ("  POINTER KEYWORD
MESSAGE"), and "warning ..." for each format in the schema that the format
checker does not know (it would ignore it silently). Exit status: 0 when the
schema is sound and every record is valid, 1 when a record is invalid, 2
when the schema is refused or uses an unknown format.
"""

import json
import sys

from jsonschema import Draft202012Validator as Validator
from jsonschema.exceptions import SchemaError


def formats(node):
    """Every value of a `format` keyword in the schema, examples left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                yield value
            elif key != "examples":
                yield from formats(value)
    elif isinstance(node, list):
        for value in node:
            yield from formats(value)


def pointer(path):
    return "".join(f"/{p}" for p in path) or "/"


def main(schema_path, *records):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        Validator.check_schema(schema)
    except SchemaError as e:
        print(f"schema error {e.message}")
        return 2
    known = Validator.FORMAT_CHECKER.checkers
    unknown = sorted({f for f in formats(schema) if f not in known})
    for f in unknown:
        print(f'warning unknown format "{f}"')
    validator = Validator(schema, format_checker=Validator.FORMAT_CHECKER)
    invalid = 0
    for path in records:
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        if not errors:
            print(f"valid {path}")
            continue
        invalid += 1
        print(f"invalid {path} {len(errors)}")
        for e in errors:
            print(f"  {pointer(e.absolute_path)} {e.validator} {e.message}")
    return 2 if unknown else 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
