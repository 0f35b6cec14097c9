/// `0x` and the value in hexadecimal, zero-padded to `digits`: upper case for
/// values (`0xC000000D`), lower case for offsets, as debuggers print them
/// (`+0x01c`).
func hex(_ value: some BinaryInteger, digits: Int, uppercase: Bool = true) -> String {
    let text = String(value, radix: 16, uppercase: uppercase)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}
