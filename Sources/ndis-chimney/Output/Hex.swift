/// `0x` and the value in lower-case hexadecimal, zero-padded to `digits`:
/// one case for values and offsets alike, as WinDbg prints them
/// (`0xc000000d`, `+0x01c`).
func hex(_ value: some BinaryInteger, digits: Int = 1) -> String {
    let text = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}
