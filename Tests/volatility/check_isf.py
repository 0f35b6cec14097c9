"""Checks `ndis-chimney layout --format isf` with its real consumer, volatility3.

For each ABI given: validates the ISF file against volatility3's own schema
(with jsonschema and with volatility3's validator), loads it as a symbol
table, maps an image file as a layer, instantiates every structure in it and
checks every field's offset and value against the bytes written (and the
characteristics' and the miniport block list's offsets against the facts;
an OffloadType reads as its enumerator); then loads every enumeration,
checks INDICATE_OFFLOAD_EVENT's and NDIS_CHIMNEY_OFFLOAD_TYPE's constants
against the facts, and instantiates each constant of each enumeration over
the image.

Volatility masks a pointer's value to the layer's address width, so pointers
are also read raw (the member's bytes, at the offset and with the size
volatility gives it) and must equal what was written exactly (x64 kernel
addresses included); the masked value must be the layer's mask of it.

    python check_isf.py TOOL ABI...
"""

import json
import pathlib
import random
import subprocess
import sys
import tempfile

import jsonschema
from volatility3 import schemas
from volatility3.framework import contexts
from volatility3.framework.layers.physical import FileLayer
from volatility3.framework.symbols import intermed

POINTER_SIZE = {"x86": 4, "x64": 8, "arm64": 8, "arm": 4}

# The facts (the WDK's ndischimney.h), not the tool's output: the enumerations
# the ISF must carry, with their constants.
ENUMS = {
    "_INDICATE_OFFLOAD_EVENT": {
        "NeighborReachabilityInDoubt": 1,
        "NeighborReachabilityQuery": 2,
        "MaxOffloadEvent": 3,
    },
    "_NDIS_CHIMNEY_OFFLOAD_TYPE": {
        "NdisTcpChimneyOffload": 1,
        "NdisIpsecChimneyOffload": 2,
        "NdisRdmaChimneyOffload": 3,
        "NdisMaxChimneyOffload": 4,
    },
}

# The facts too: each characteristics structure's field offsets with 64-bit
# pointers (the x64 PDB offsets) and with 32-bit ones (ILP32).
OFFSETS = {
    "NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS": {
        8: [0, 4, 8, 16, 24, 32, 40, 48], 4: [0, 4, 8, 12, 16, 20, 24, 28]},
    "NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS": {
        8: [0, 4, 8, 16, 24, 32, 40], 4: [0, 4, 8, 12, 16, 20, 24]},
    "NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS": {
        8: [0, 4, 8, 16, 24, 32, 40, 48, 56], 4: [0, 4, 8, 12, 16, 20, 24, 28, 32]},
    "NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS": {
        8: [0, 4, 8, 16, 24, 32, 40, 48], 4: [0, 4, 8, 12, 16, 20, 24, 28]},
    "NDIS_MINIPORT_OFFLOAD_BLOCK_LIST": {
        8: [0, 8, 16, 24, 32, 48, 56, 64, 80, 96, 112, 128, 136, 144],
        4: [0, 4, 8, 12, 16, 24, 28, 32, 40, 48, 56, 64, 68, 72]},
}


def tool_json(tool, *arguments):
    return json.loads(subprocess.run([tool, *arguments], check=True, capture_output=True, text=True).stdout)


def leaves(layout, by_name, isf, prefix, base, pointer_size):
    """Every scalar of a structure: (path, offset, size, kind, signed), where
    kind is the ISF's own ("pointer", "enum" or "base") and signed says
    whether volatility reads the value as signed (NDIS_STATUS, an enum)."""
    isf_fields = isf["user_types"]["_" + layout["name"]]["fields"]
    for field in layout["fields"]:
        path, offset = prefix + [field["name"]], base + field["offset"]
        descriptor = isf_fields[field["name"]]["type"]
        if field["type"] in by_name:
            yield from leaves(by_name[field["type"]], by_name, isf, path, offset, pointer_size)
        elif descriptor["kind"] == "array":
            for index in range(descriptor["count"]):
                yield path + [index], offset + index * pointer_size, pointer_size, "pointer", False
        elif descriptor["kind"] == "base":
            signed = isf["base_types"][descriptor["name"]]["signed"]
            yield path, offset, field["size"], "base", signed
        else:
            yield path, offset, field["size"], descriptor["kind"], descriptor["kind"] == "enum"


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"volatility: FAILED: {what}", file=sys.stderr)


def check_abi(tool, abi, workdir, checker):
    pointer_size = POINTER_SIZE[abi]
    isf = tool_json(tool, "layout", "--abi", abi, "--format", "isf")
    layouts = tool_json(tool, "layout", "--abi", abi, "--format", "json")["abis"][0]["structures"]
    by_name = {layout["name"]: layout for layout in layouts}

    schema_path = pathlib.Path(schemas.__file__).parent / "schema-6.2.0.json"
    jsonschema.validate(isf, json.loads(schema_path.read_text()))
    checker.expect(schemas.validate(isf, use_cache=False), f"{abi}: volatility3 validates the ISF")
    checker.expect(isf["base_types"]["pointer"]["size"] == pointer_size, f"{abi}: pointer size")

    # The offsets of the characteristics and the miniport's block list are
    # also checked against the facts, not only against the tool's own JSON.
    for name, offsets in OFFSETS.items():
        found = [field["offset"] for field in by_name[name]["fields"]]
        checker.expect(found == offsets[pointer_size], f"{abi}: {name} offsets {found}")

    # One image: random bytes with each structure at its own place and
    # random values in every field (pointers as kernel addresses, an
    # OffloadType NdisTcpChimneyOffload).
    rng = random.Random(f"ndis-chimney-{abi}")
    image = bytearray(rng.randbytes(0x4000))
    written = {}
    for index, layout in enumerate(layouts):
        start = 0x400 + index * 0x300
        for path, offset, size, kind, signed in leaves(layout, by_name, isf, [], 0, pointer_size):
            value = rng.getrandbits(size * 8)
            if kind == "pointer" and pointer_size == 8:
                value |= 0xFFFFF80000000000
            if kind == "enum":
                value = ENUMS["_NDIS_CHIMNEY_OFFLOAD_TYPE"]["NdisTcpChimneyOffload"]
            image[start + offset : start + offset + size] = value.to_bytes(size, "little")
            written[(layout["name"], tuple(path))] = (start + offset, size, kind, signed, value)
    planted = plant_enums(isf, image)
    isf_path = workdir / f"ndis-chimney-{abi}.json"
    isf_path.write_text(json.dumps(isf))
    image_path = workdir / f"image-{abi}.raw"
    image_path.write_bytes(image)

    context = contexts.Context()
    table = intermed.IntermediateSymbolTable(context, f"ndis_{abi}", f"ndis_{abi}", isf_path.as_uri())
    context.symbol_space.append(table)
    context.config[f"layer_{abi}.location"] = image_path.as_uri()
    layer = FileLayer(context, f"layer_{abi}", f"layer_{abi}")
    context.add_layer(layer)

    for index, layout in enumerate(layouts):
        start = 0x400 + index * 0x300
        name = layout["name"]
        structure = context.object(f"{table.name}!_{name}", layer_name=layer.name, offset=start)
        checker.expect(structure.vol.size == layout["size"], f"{abi}: sizeof {name}")
        for field in layout["fields"]:
            member_offset = structure.vol.members[field["name"]][0]
            checker.expect(member_offset == field["offset"], f"{abi}: {name}.{field['name']} offset")
        for (owner, path), (offset, size, kind, signed, value) in written.items():
            if owner != name:
                continue
            member = structure
            for step in path:
                member = member[step] if isinstance(step, int) else getattr(member, step)
            where = f"{abi}: {name}.{'.'.join(map(str, path))}"
            checker.expect(member.vol.offset == offset, f"{where} at {offset:#x}, volatility has {member.vol.offset:#x}")
            if kind == "pointer":
                # Raw: the member's bytes, as wide as the ISF's pointer type.
                raw = int.from_bytes(layer.read(member.vol.offset, member.vol.size), "little")
                checker.expect(member.vol.size == pointer_size, f"{where}: pointer size {member.vol.size}")
                checker.expect(raw == value, f"{where}: raw {raw:#x}, wrote {value:#x}")
                checker.expect(int(member) == value & layer.address_mask,
                               f"{where}: volatility's masked pointer {int(member):#x}")
            else:
                expected = value - (1 << (size * 8)) if signed and value >> (size * 8 - 1) else value
                checker.expect(int(member) == expected, f"{where}: {int(member):#x}, wrote {expected:#x}")
            if kind == "enum":
                checker.expect(member.description == "NdisTcpChimneyOffload", f"{where} reads {member.description}")

    check_enums(abi, isf, context, table, layer, planted, checker)


def plant_enums(isf, image):
    """Writes each constant of each enumeration into the image, from 0x3000:
    [(enumeration, offset, constant, value)]."""
    planted = []
    for index, (name, enum) in enumerate(isf["enums"].items()):
        for slot, (constant, value) in enumerate(enum["constants"].items()):
            offset = 0x3000 + index * 0x100 + slot * enum["size"]
            image[offset : offset + enum["size"]] = value.to_bytes(enum["size"], "little", signed=True)
            planted.append((name, offset, constant, value))
    return planted


def check_enums(abi, isf, context, table, layer, planted, checker):
    """Every enumeration loads, with the constants of the facts, and reads
    back each constant planted in the image by value and by name."""
    for name, expected in ENUMS.items():
        checker.expect(isf["enums"].get(name, {}).get("constants") == expected, f"{abi}: {name} constants")
    for name, enum in isf["enums"].items():
        template = table.get_enumeration(name)
        checker.expect(template.size == enum["size"] == 4, f"{abi}: sizeof {name}")
        checker.expect(template.vol.base_type.vol.data_format.signed, f"{abi}: {name} is signed, an int")
        checker.expect(dict(template.vol.choices) == enum["constants"], f"{abi}: {name} choices in volatility")
    for name, offset, constant, value in planted:
        member = context.object(f"{table.name}!{name}", layer_name=layer.name, offset=offset)
        checker.expect(int(member) == value, f"{abi}: {name} at {offset:#x} reads {int(member)}, wrote {value}")
        checker.expect(member.description == constant, f"{abi}: {name} {value} reads as {member.description}")


def main():
    tool, abis = sys.argv[1], sys.argv[2:]
    checker = Checker()
    with tempfile.TemporaryDirectory() as directory:
        for abi in abis:
            before = checker.failed
            check_abi(tool, abi, pathlib.Path(directory), checker)
            print(f"volatility: {abi}: {'ok' if checker.failed == before else 'FAILED'}")
    print(f"volatility: {checker.passed} passed, {checker.failed} failed")
    sys.exit(1 if checker.failed else 0)


if __name__ == "__main__":
    main()
