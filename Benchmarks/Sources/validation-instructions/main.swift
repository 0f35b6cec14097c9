// Runs one validation path a given number of times, for callgrind:
//
//   validation-instructions PATH ABI CASE CALLS
//
// PATH is c-validator (the C baseline), c-entry-point (NdisChimneyValidateImage
// from a C loop, Message NULL) or swift (Characteristics(validating:abi:) on
// raw bytes). ABI is host, x86, x64, arm64 or arm. CASE is valid (every rule
// checked and passed) or invalid (Flags set: every rule checked, the last one
// fails, and no message is asked for): each ABI's worst case. The Makefile
// runs each twice (N and 2N calls) and divides the difference by N.
import CBaseline
import NdisChimney

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5, let abi = ABI(name: arguments[2]), ["valid", "invalid"].contains(arguments[3]),
    let calls = Int(arguments[4])
else {
    print("usage: validation-instructions c-validator|c-entry-point|swift x86|x64|arm64|arm|host valid|invalid CALLS")
    exit(2)
}
let valid = arguments[3] == "valid"

/// A revision-1 image for `abi` with six non-NULL entry points, Flags set
/// when the image is to be invalid.
func image(for abi: ABI, flagsSet: Bool) -> [UInt8] {
    let layout = StructureDescription.chimneyCharacteristics.layout(for: abi)
    let size = layout.revision1Size!
    var bytes = [UInt8](repeating: 0x5A, count: size)
    bytes[0] = NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue
    bytes[1] = chimneyCharacteristicsRevision1
    bytes[2] = UInt8(truncatingIfNeeded: size)
    bytes[3] = UInt8(truncatingIfNeeded: size >> 8)
    let flags = layout.fields.first { $0.name == "Flags" }!.offset
    for index in flags..<flags + 4 { bytes[index] = flagsSet && index == flags ? 1 : 0 }
    return bytes
}

/// `calls` validations from Swift; how many found the image valid.
@inline(never)
func swiftLoop(_ bytes: UnsafeRawBufferPointer, _ abi: ABI, _ calls: Int) -> Int {
    var accepted = 0
    for _ in 0..<calls {
        do {
            _ = try Characteristics(validating: bytes, abi: abi)
            accepted &+= 1
        } catch {}
    }
    return accepted
}

let cABI = NDIS_CHIMNEY_ABI(rawValue: UInt32(["host", "x86", "x64", "arm64", "arm"].firstIndex(of: abi.name)!))
let bytes = image(for: abi, flagsSet: !valid)
let accepted = bytes.withUnsafeBytes { bytes -> Int in
    switch arguments[1] {
    case "c-validator": baseline_validator_loop(bytes.baseAddress, bytes.count, cABI, calls)
    case "c-entry-point": baseline_validate_image_loop(bytes.baseAddress, bytes.count, cABI, calls)
    case "swift": swiftLoop(bytes, abi, calls)
    default: -1
    }
}
// Every call must have reached the expected verdict.
guard accepted == (valid ? calls : 0) else {
    print("\(arguments[1]) \(abi.name) \(arguments[3]): \(accepted) of \(calls) valid")
    exit(1)
}
