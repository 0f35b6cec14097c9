// The C entry point of ndischimney_registry.h for raw images.

/// `NdisChimneyValidateImage`: see Characteristics.init(validating:abi:).
///
/// The sizes are C's `size_t`, unsigned: Swift imports them as `Int`, so they
/// are read back as `UInt` before any use. A valid image, or an invalid one
/// with no Message buffer, costs no allocation: the message is built only
/// when there is somewhere to write it. Everything but the rules themselves
/// is out of line and called only in tail position, so that this function
/// sets up no frame for calls (Docs/Performance.md).
@c(NdisChimneyValidateImage)
@usableFromInline func cValidateImage(
    _ image: UnsafeRawPointer?, _ imageSize: Int, _ abi: NDIS_CHIMNEY_ABI,
    _ message: UnsafeMutablePointer<CChar>?, _ messageSize: Int
) -> NDIS_STATUS {
    // NULL is checked before any buffer pointer is formed from it.
    guard let image, let known = ABI(abi), let table = CharacteristicsLayouts.resolvedTable else {
        return validateImageSlowly(image, imageSize, abi, message, messageSize)
    }
    // No buffer holds more than Int.max bytes, and no Header.Size (at most
    // 65,535) comes near that, so a larger ImageSize reaches the same verdict
    // with Int.max, and no message quotes it.
    let bytes = UnsafeRawBufferPointer(start: image, count: Int(min(UInt(bitPattern: imageSize), UInt(Int.max))))
    let offsets = table.pointee[Int(known.kind.rawValue)]
    guard let error = Characteristics.brokenRule(in: bytes, abi: known, offsets) else { return NDIS_STATUS_SUCCESS }
    guard let message, messageSize != 0 else { return NDIS_STATUS_INVALID_PARAMETER }
    return refuse(error, message, UInt(bitPattern: messageSize))
}

/// The first call's work (resolving the offsets), and the refusal of an
/// unknown Abi or a NULL Image with its message.
@inline(never)
private func validateImageSlowly(
    _ image: UnsafeRawPointer?, _ imageSize: Int, _ abi: NDIS_CHIMNEY_ABI,
    _ message: UnsafeMutablePointer<CChar>?, _ messageSize: Int
) -> NDIS_STATUS {
    let imageSize = UInt(bitPattern: imageSize)
    let text: String
    if ABI(abi) == nil {
        text = "Abi is \(abi.rawValue), expected 0 to 4 (NDIS_CHIMNEY_ABI)"
    } else if image == nil {
        text =
            imageSize > 0
            ? "Image is NULL, expected \(imageSize) bytes"
            : CharacteristicsError.truncatedHeader(available: 0).description
    } else {
        _ = CharacteristicsLayouts.resolve()
        return cValidateImage(image, Int(bitPattern: imageSize), abi, message, messageSize)
    }
    if let message, messageSize != 0 { write(text, to: message, capacity: UInt(bitPattern: messageSize)) }
    return NDIS_STATUS_INVALID_PARAMETER
}

/// Writes the error's message into the caller's buffer and refuses.
@inline(never)
private func refuse(
    _ error: CharacteristicsError, _ message: UnsafeMutablePointer<CChar>, _ messageSize: UInt
) -> NDIS_STATUS {
    write(error.description, to: message, capacity: messageSize)
    return NDIS_STATUS_INVALID_PARAMETER
}

/// Writes `text` into the caller's `capacity` bytes (at least 1) as one
/// NUL-terminated line, truncated if need be.
@inline(never)
private func write(_ text: String, to message: UnsafeMutablePointer<CChar>, capacity: UInt) {
    var count: UInt = 0
    for byte in text.utf8 {
        guard count < capacity - 1 else { break }
        message[Int(count)] = CChar(bitPattern: byte)
        count += 1
    }
    message[Int(count)] = 0
}

extension ABI {
    /// The ABI a C `NDIS_CHIMNEY_ABI` names, if it names one.
    init?(_ abi: NDIS_CHIMNEY_ABI) {
        guard let kind = Kind(rawValue: abi.rawValue) else { return nil }
        self.init(kind)
    }
}
