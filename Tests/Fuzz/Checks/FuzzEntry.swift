/// The body of every fuzz target's `LLVMFuzzerTestOneInput`: runs `check`
/// on the input and crashes with its findings, which is how libFuzzer learns
/// of them. `fatalError`, not `precondition`: its message survives -O.
public func fuzzOne(
    _ data: UnsafePointer<UInt8>?, _ size: Int, _ check: (UnsafeRawBufferPointer) -> [String]
) -> Int32 {
    let problems = check(UnsafeRawBufferPointer(start: data, count: size))
    if !problems.isEmpty { fatalError(problems.joined(separator: "\n")) }
    return 0
}
