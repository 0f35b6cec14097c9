// Runs the Swift validation path a given number of times, for callgrind:
//
//   validation-instructions swift ABI CASE CALLS
//
// Characteristics(validating:abi:) on raw bytes, from another module. ABI is
// host, x86, x64, arm64 or arm. CASE is valid (every rule checked and passed)
// or invalid (Flags set: every rule checked, the last one fails): each ABI's
// worst case. validation-instructions.sh runs it twice (N and 2N calls) and
// divides the difference by N, beside the C paths of Benchmarks/C/bench.c
// (the C validator and NdisChimneyValidateImage) in the same run.
import NdisChimney

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5, let abi = ABI(name: arguments[2]), ["valid", "invalid"].contains(arguments[3]),
    let calls = Int(arguments[4])
else {
    print("usage: validation-instructions swift x86|x64|arm64|arm|host valid|invalid CALLS")
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

guard arguments[1] == "swift" else {
    print("unknown path \(arguments[1])")
    exit(2)
}
let bytes = image(for: abi, flagsSet: !valid)
let accepted = bytes.withUnsafeBytes { swiftLoop($0, abi, calls) }
// Every call must have reached the expected verdict.
guard accepted == (valid ? calls : 0) else {
    print("\(arguments[1]) \(abi.name) \(arguments[3]): \(accepted) of \(calls) valid")
    exit(1)
}
