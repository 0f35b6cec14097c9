import NdisChimney

/// Everything the library says about one raw image must agree with itself:
/// the validator, the decoder, the C entry point, and the pointer and value
/// paths. Returns what disagreed; empty when all is well.
///
/// Input: byte 0 picks the ABI (its value modulo 5: host, x86, x64, arm64,
/// arm) and the structure (its value divided by 5, modulo 5: the client
/// generic, provider generic, client TCP or provider TCP structure, or the
/// one `Header.Type` names); the rest is the image. Selectors 0 to 4 are
/// the client generic structure, as before there were four.
public func checkImage(_ input: UnsafeRawBufferPointer) -> [String] {
    guard let selector = input.first else { return [] }
    let abi = [ABI.host, .x86, .x64, .arm64, .arm][Int(selector) % 5]
    let chosen = Int(selector) / 5 % 5 < 4 ? CharacteristicsKind.allCases[Int(selector) / 5 % 5] : nil
    // A copy of exactly the image's bytes, so AddressSanitizer sees any read
    // past its end.
    let image = Array(input.dropFirst())
    let typeKind = image.first.flatMap { CharacteristicsKind(objectType: NDISObjectType(rawValue: $0)) }
    let validated = image.withUnsafeBytes { bytes in
        chosen.map { Characteristics.verdict(on: bytes, abi: abi, kind: $0) }
            ?? Result { () throws(CharacteristicsError) in try Characteristics(validatingByType: bytes, abi: abi) }
    }
    let decoded = image.withUnsafeBytes { bytes in
        chosen.map { DecodedImage(bytes: bytes, abi: abi, kind: $0) } ?? DecodedImage(byTypeOf: bytes, abi: abi)
    }
    var problems: [String] = []
    if decoded.validation != validated {
        problems.append("decoder's verdict \(decoded.validation) differs from the validator's \(validated)")
    }
    if decoded.kind != (chosen ?? typeKind) { problems.append("decoded as \(String(describing: decoded.kind))") }
    switch validated {
    case .success(let characteristics):
        problems += broken(characteristics, kind: chosen ?? typeKind, image: image, decoded: decoded)
    case .failure(let error):
        if !error.description.hasPrefix(error.field) { problems.append("message does not start with \(error.field)") }
        if case .unsupportedObjectType = error {
            if chosen != nil || typeKind != nil { problems.append("\(error) for a known kind") }
            if error.status != .notSupported { problems.append("\(error) maps to \(error.status)") }
        } else if error.status != .invalidParameter {
            problems.append("\(error) maps to \(error.status)")
        }
    }
    for field in decoded.fields where field.value != nil && field.offset + field.size > image.count {
        problems.append("decoded \(field.name) from beyond the image")
    }
    if chosen == .clientGeneric { problems += cEntryPoint(image, abi: abi, validated) }
    if abi == .host, image.count >= 4 { problems += memoryPaths(image, kind: chosen) }
    return problems
}

/// The rules a validated structure must keep, and the decoder's agreement.
private func broken(
    _ characteristics: Characteristics, kind: CharacteristicsKind?, image: [UInt8], decoded: DecodedImage
) -> [String] {
    guard let kind, characteristics.kind == kind else { return ["validated as \(characteristics.kind)"] }
    var problems: [String] = []
    let minimum = minimumSizes[kind]![characteristics.abi]!
    if kind.definesRevision1, characteristics.revision < 1 { problems.append("accepted Revision 0") }
    if Int(characteristics.size) < minimum { problems.append("accepted Size \(characteristics.size) < \(minimum)") }
    if Int(characteristics.size) > image.count { problems.append("accepted Size past the \(image.count) bytes") }
    if characteristics.flags != 0 { problems.append("accepted Flags \(characteristics.flags)") }
    if characteristics.offloadType != (kind.hasOffloadType ? .tcp : nil) {
        problems.append("offload type \(String(describing: characteristics.offloadType))")
    }
    if let offloadType = decoded.fields.first(where: { $0.name == "OffloadType" }), offloadType.value != 1 {
        problems.append("accepted OffloadType \(String(describing: offloadType.value))")
    }
    let decodedAddresses = decoded.fields.filter { $0.storage == .pointer }.map(\.value)
    if characteristics.entryPoints.count != kind.entryPointCount
        || !decodedAddresses.elementsEqual(characteristics.entryPoints, by: { $0 == $1 })
    {
        problems.append("decoded addresses \(decodedAddresses) differ from validated \(characteristics.entryPoints)")
    }
    return problems
}

/// The C entry point (the client generic structure) gives the same verdict
/// and the same words.
private func cEntryPoint(
    _ image: [UInt8], abi: ABI, _ validated: Result<Characteristics, CharacteristicsError>
) -> [String] {
    var buffer = [CChar](repeating: 0, count: 256)
    let status = image.withUnsafeBytes { bytes in
        NdisChimneyValidateImage(bytes.baseAddress, bytes.count, cABI(abi), &buffer, buffer.count)
    }
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    switch validated {
    case .success where status != NDIS_STATUS_SUCCESS:
        return ["C entry point refused a valid image: \(message)"]
    case .failure(let error)
    where status != NDIS_STATUS_INVALID_PARAMETER || !error.description.hasPrefix(message):
        return ["C entry point said \(status) '\(message)' for '\(error)'"]
    default:
        return []
    }
}

/// The ways in for a structure in this process's memory (host only), given
/// `Header.Size` bytes, as NDIS takes them: the typed pointer and value of
/// the chosen kind, or the type-erased pointer NdisSetOptionalHandlers
/// receives; each must agree with the raw path over the same bytes.
private func memoryPaths(_ image: [UInt8], kind: CharacteristicsKind?) -> [String] {
    let claimed = Int(image[2]) | Int(image[3]) << 8
    let padded = image + [UInt8](repeating: 0, count: max(0, claimed - image.count))
    let declared = Array(padded.prefix(max(claimed, 4)))
    var problems: [String] = []
    guard let kind else {
        let viaBytes = declared.withUnsafeBytes { bytes in
            Result { () throws(CharacteristicsError) in try Characteristics(validatingByType: bytes, abi: .host) }
        }
        let viaPointer = withMemory(holding: padded, as: CDriverOptionalHandlers.self) { handlers in
            Result { () throws(CharacteristicsError) in try Characteristics(validatingOptionalHandlers: handlers) }
        }
        if viaPointer != viaBytes {
            problems.append("NdisSetOptionalHandlers' path \(viaPointer) differs from \(viaBytes)")
        }
        let known = image.withUnsafeBytes { bytes in
            Result { () throws(CharacteristicsError) in try Characteristics(validatingByType: bytes, abi: .host) }
        }
        let viaAvailable = withMemory(holding: image, as: CDriverOptionalHandlers.self) { handlers in
            Result { () throws(CharacteristicsError) in
                try Characteristics(validatingOptionalHandlers: handlers, available: image.count)
            }
        }
        if viaAvailable != known {
            problems.append("the path with available bytes \(viaAvailable) differs from \(known)")
        }
        return problems
    }
    let viaBytes = declared.withUnsafeBytes { Characteristics.verdict(on: $0, abi: .host, kind: kind) }
    let typed = typedVerdicts(padded, kind: kind)
    if typed.pointer != viaBytes { problems.append("pointer path \(typed.pointer) differs from raw path \(viaBytes)") }
    let whole = padded.withUnsafeBytes { Characteristics.verdict(on: $0, abi: .host, kind: kind) }
    if let value = typed.value, value != whole { problems.append("value path \(value) differs from raw path \(whole)") }
    return problems
}

/// Runs `body` on a copy of `bytes` in memory aligned for `Pointee`, with
/// zeros after them up to `capacity` bytes and at least `Pointee`'s size: a
/// structure in this process's memory, as the pointer ways in receive one.
public func withMemory<Pointee, Result>(
    holding bytes: [UInt8], capacity: Int = 0, as _: Pointee.Type, _ body: (UnsafePointer<Pointee>) -> Result
) -> Result {
    let count = max(bytes.count, capacity, MemoryLayout<Pointee>.size)
    let memory = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 8)
    defer { memory.deallocate() }
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    memory.copyMemory(from: bytes, byteCount: bytes.count)
    return body(UnsafePointer(memory.bindMemory(to: Pointee.self, capacity: 1)))
}

/// The verdicts of the typed ways in for `bytes` (host layout) as the C
/// structure of `kind`: through a pointer to memory holding them (and zeros
/// after them, up to the structure's size), and, when `bytes` are exactly the
/// structure's size, through a value of it (nil otherwise).
public func typedVerdicts(
    _ bytes: [UInt8], kind: CharacteristicsKind
) -> (pointer: Result<Characteristics, CharacteristicsError>, value: Result<Characteristics, CharacteristicsError>?) {
    switch kind {
    case .clientGeneric: typedVerdicts(bytes, as: CChimneyCharacteristics.self)
    case .providerGeneric: typedVerdicts(bytes, as: CProviderChimneyCharacteristics.self)
    case .clientTCP: typedVerdicts(bytes, as: CClientTCPCharacteristics.self)
    case .providerTCP: typedVerdicts(bytes, as: CProviderTCPCharacteristics.self)
    }
}

private func typedVerdicts<Structure: CharacteristicsStructure>(
    _ bytes: [UInt8], as _: Structure.Type
) -> (pointer: Result<Characteristics, CharacteristicsError>, value: Result<Characteristics, CharacteristicsError>?) {
    withMemory(holding: bytes, as: Structure.self) { pointer in
        let viaPointer = Result { () throws(CharacteristicsError) in try Characteristics(validating: pointer) }
        guard bytes.count == MemoryLayout<Structure>.size else { return (viaPointer, nil) }
        let value = pointer.pointee
        return (viaPointer, Result { () throws(CharacteristicsError) in try Characteristics(validating: value) })
    }
}

/// The least Size of each kind on each ABI, from the layout description
/// (the revision-1 size of a client structure, `sizeof` a provider one),
/// computed once rather than on every input.
private let minimumSizes = Dictionary(
    uniqueKeysWithValues: CharacteristicsKind.allCases.map { kind in
        (
            kind,
            Dictionary(
                uniqueKeysWithValues: ABI.all.map { abi in
                    let layout = kind.structure.layout(for: abi)
                    return (abi, layout.revision1Size ?? layout.size)
                })
        )
    })

private func cABI(_ abi: ABI) -> NDIS_CHIMNEY_ABI {
    switch abi {
    case .x86: NdisChimneyAbiX86
    case .x64: NdisChimneyAbiX64
    case .arm64: NdisChimneyAbiArm64
    case .arm: NdisChimneyAbiArm
    default: NdisChimneyAbiHost
    }
}
