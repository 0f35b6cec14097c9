"""Validates ndis-chimney's JSON output against Docs/ndis-chimney-output.schema.json
with the jsonschema package (Draft 2020-12), for the Swift tests
(Tests/NdisChimneyTests/CLI/OutputSchema.swift).

    python3 output-schema-check.py SCHEMA < DOCUMENTS

DOCUMENTS is a JSON array of {"definition": NAME, "document": VALUE}; each
VALUE is checked against "#/$defs/NAME" of the schema. Prints one line per
violation, "INDEX NAME: PATH: MESSAGE", and exits 1 if there is any.
"""

import json
import sys

import jsonschema


def main():
    with open(sys.argv[1]) as file:
        schema = json.load(file)
    jsonschema.Draft202012Validator.check_schema(schema)
    violations = 0
    for index, item in enumerate(json.load(sys.stdin)):
        name = item["definition"]
        if name not in schema["$defs"]:
            print(f"{index} {name}: no such definition in the schema")
            violations += 1
            continue
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})
        for error in validator.iter_errors(item["document"]):
            path = "/".join(str(step) for step in error.absolute_path)
            print(f"{index} {name}: /{path}: {error.message}")
            violations += 1
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
