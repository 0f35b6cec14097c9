// The C entry point of ndischimney_registry.h for raw images.

/// `NdisChimneyValidateImage`: see Characteristics.init(validating:abi:).
///
/// The sizes are C's `size_t`, unsigned: Swift imports them as `Int`, so they
/// are read back as `UInt` before any use. Allocates nothing, on any input:
/// a refusal's message is written straight into the caller's buffer
/// (MessageSink), and only when there is one. Everything but the rules
/// themselves is out of line and called only in tail position, so that this
/// function sets up no frame for calls (Docs/Performance.md).
@c(NdisChimneyValidateImage)
@usableFromInline func cValidateImage(
    _ image: UnsafeRawPointer?, _ imageSize: Int, _ abi: NDIS_CHIMNEY_ABI,
    _ message: UnsafeMutablePointer<CChar>?, _ messageSize: Int
) -> NDIS_STATUS {
    // NULL is checked before any buffer pointer is formed from it.
    guard let image, let known = ABI(abi) else {
        return refuseArguments(image, UInt(bitPattern: imageSize), abi, message, UInt(bitPattern: messageSize))
    }
    // No buffer holds more than Int.max bytes, and no Header.Size (at most
    // 65,535) comes near that, so a larger ImageSize reaches the same verdict
    // with Int.max, and no message quotes it.
    let bytes = UnsafeRawBufferPointer(start: image, count: Int(min(UInt(bitPattern: imageSize), UInt(Int.max))))
    guard let error = Characteristics.brokenRule(in: bytes, abi: known, CharacteristicsOffsets(known)) else {
        return NDIS_STATUS_SUCCESS
    }
    guard let message, messageSize != 0 else { return NDIS_STATUS_INVALID_PARAMETER }
    return refuse(error, message, UInt(bitPattern: messageSize))
}

/// The refusal of an unknown Abi or a NULL Image, with its message.
@inline(never)
private func refuseArguments(
    _ image: UnsafeRawPointer?, _ imageSize: UInt, _ abi: NDIS_CHIMNEY_ABI,
    _ message: UnsafeMutablePointer<CChar>?, _ messageSize: UInt
) -> NDIS_STATUS {
    guard let message, messageSize != 0 else { return NDIS_STATUS_INVALID_PARAMETER }
    var sink = BufferSink(message, capacity: messageSize)
    if ABI(abi) == nil {
        sink.append("Abi is ")
        sink.append(decimal: abi.rawValue)
        sink.append(", expected 0 to 4 (NDIS_CHIMNEY_ABI)")
    } else if imageSize > 0 {
        sink.append("Image is NULL, expected ")
        sink.append(decimal: imageSize)
        sink.append(" bytes")
    } else {
        CharacteristicsError.truncatedHeader(available: 0).write(to: &sink)
    }
    return NDIS_STATUS_INVALID_PARAMETER
}

/// Writes the error's message into the caller's buffer and refuses.
@inline(never)
private func refuse(
    _ error: CharacteristicsError, _ message: UnsafeMutablePointer<CChar>, _ messageSize: UInt
) -> NDIS_STATUS {
    var sink = BufferSink(message, capacity: messageSize)
    error.write(to: &sink)
    return NDIS_STATUS_INVALID_PARAMETER
}

extension ABI {
    /// The ABI a C `NDIS_CHIMNEY_ABI` names, if it names one.
    init?(_ abi: NDIS_CHIMNEY_ABI) {
        guard let kind = Kind(rawValue: abi.rawValue) else { return nil }
        self.init(kind)
    }
}
