import NdisChimney

/// Everything the library says about one raw image must agree with itself:
/// the validator, the decoder, the C entry point, and the pointer path.
/// Returns what disagreed; empty when all is well.
///
/// Input: byte 0 picks the ABI (host, x86, x64, arm64, arm), the rest is the
/// image.
public func checkImage(_ input: UnsafeRawBufferPointer) -> [String] {
    guard let selector = input.first else { return [] }
    let abi = [ABI.host, .x86, .x64, .arm64, .arm][Int(selector) % 5]
    // A copy of exactly the image's bytes, so AddressSanitizer sees any read
    // past its end.
    let image = Array(input.dropFirst())
    var problems: [String] = []
    let validated = image.withUnsafeBytes { Characteristics.verdict(on: $0, abi: abi) }
    let decoded = image.withUnsafeBytes { DecodedImage(bytes: $0, abi: abi) }
    let minimum = revision1Sizes[abi]!

    if decoded.validation != validated {
        problems.append("decoder's verdict \(decoded.validation) differs from the validator's \(validated)")
    }
    switch validated {
    case .success(let characteristics):
        if characteristics.revision < 1 { problems.append("accepted Revision 0") }
        if Int(characteristics.size) < minimum { problems.append("accepted Size \(characteristics.size) < \(minimum)") }
        if Int(characteristics.size) > image.count { problems.append("accepted Size past the \(image.count) bytes") }
        if characteristics.flags != 0 { problems.append("accepted Flags \(characteristics.flags)") }
        let decodedAddresses = decoded.fields.suffix(6).map(\.value)
        if !decodedAddresses.elementsEqual(characteristics.entryPoints, by: { $0 == $1 }) {
            problems.append(
                "decoded addresses \(decodedAddresses) differ from validated \(characteristics.entryPoints)")
        }
    case .failure(let error):
        if !error.description.hasPrefix(error.field) { problems.append("message does not start with \(error.field)") }
        if error.status != .invalidParameter { problems.append("\(error) maps to \(error.status)") }
    }
    for field in decoded.fields where field.value != nil && field.offset + field.size > image.count {
        problems.append("decoded \(field.name) from beyond the image")
    }

    // The C entry point gives the same verdict and the same words.
    var buffer = [CChar](repeating: 0, count: 256)
    let status = image.withUnsafeBytes { bytes in
        NdisChimneyValidateImage(bytes.baseAddress, bytes.count, cABI(abi), &buffer, buffer.count)
    }
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    switch validated {
    case .success where status != NDIS_STATUS_SUCCESS:
        problems.append("C entry point refused a valid image: \(message)")
    case .failure(let error)
    where status != NDIS_STATUS_INVALID_PARAMETER || !error.description.hasPrefix(message):
        problems.append("C entry point said \(status) '\(message)' for '\(error)'")
    default: break
    }

    // The pointer path (host only): given Header.Size bytes, as NDIS takes
    // them, it must agree with the raw path over the same bytes.
    if abi == .host, image.count >= 4 {
        let claimed = Int(image[2]) | Int(image[3]) << 8
        let padded = image + [UInt8](repeating: 0, count: max(0, max(claimed, minimum) - image.count))
        let viaPointer = padded.withUnsafeBytes { bytes in
            Result { () throws(CharacteristicsError) in
                try Characteristics(
                    validating: bytes.baseAddress!.assumingMemoryBound(to: CChimneyCharacteristics.self))
            }
        }
        let viaBytes = Array(padded.prefix(max(claimed, 4))).withUnsafeBytes {
            Characteristics.verdict(on: $0, abi: .host)
        }
        if viaPointer != viaBytes {
            problems.append("pointer path \(viaPointer) differs from raw path \(viaBytes)")
        }
    }
    return problems
}

/// The revision-1 size of each ABI, from the layout description, computed
/// once rather than on every input.
private let revision1Sizes = Dictionary(
    uniqueKeysWithValues: ABI.all.map {
        ($0, StructureDescription.chimneyCharacteristics.layout(for: $0).revision1Size!)
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
