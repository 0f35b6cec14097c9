import NdisChimney

/// One image as `validate`, `decode` and `scan` report it: every field as far
/// as the bytes go, the validator's verdict, and the plausibility warnings.
struct ImageReport {
    /// The fields and the verdict.
    let decoded: DecodedImage
    /// Where the image starts in the input (the file offset for a file).
    let offset: UInt64
    /// The bytes read from the input for this image (at most 65,535), or
    /// nil for a `scan` match, which was judged inside a larger read.
    let bytesRead: Int?
    /// The rules of `PlausibilityRules` and the heuristics of
    /// `WidthResemblance` the image breaks, in that order.
    let warnings: [PlausibilityWarning]

    /// Judges `bytes`, found at `offset` of the input, laid out for `abi`,
    /// as the structure `type` chooses.
    init(bytes: UnsafeRawBufferPointer, abi: ABI, type: KindSelection, offset: UInt64, bytesRead: Int?) {
        switch type {
        case .one(let kind): decoded = DecodedImage(bytes: bytes, abi: abi, kind: kind)
        case .auto: decoded = DecodedImage(byTypeOf: bytes, abi: abi)
        }
        self.offset = offset
        self.bytesRead = bytesRead
        warnings =
            PlausibilityRules(abi: abi).warnings(for: decoded, at: offset)
            + WidthResemblance.warnings(for: decoded, bytes: bytes, at: offset)
    }

    var abi: ABI { decoded.abi }

    /// The validator's verdict.
    var validation: Result<Characteristics, CharacteristicsError> { decoded.validation }

    /// `Header.Size` as found, or nil when the bytes do not hold it.
    var structureSize: Int? {
        decoded.fields.first { $0.name == "Header.Size" }?.value.map { Int($0) }
    }

    /// Whether the image is valid and breaks no plausibility rule or heuristic.
    var fits: Bool {
        guard case .success = validation else { return false }
        return warnings.isEmpty
    }

    /// Whether a warning says the bytes look like the other pointer width's.
    var looksLikeOtherWidth: Bool { warnings.contains { $0.rule.isResemblance } }
}
