// The C entry point of ndischimney_registry.h for raw images.

/// `NdisChimneyValidateImage`: see Characteristics.init(validating:abi:).
@c(NdisChimneyValidateImage)
@usableFromInline func cValidateImage(
    _ image: UnsafeRawPointer?, _ imageSize: Int, _ abi: NDIS_CHIMNEY_ABI,
    _ message: UnsafeMutablePointer<CChar>?, _ messageSize: Int
) -> NDIS_STATUS {
    let failure: String
    if let abi = ABI(abi) {
        do {
            _ = try Characteristics(validating: UnsafeRawBufferPointer(start: image, count: imageSize), abi: abi)
            return NDIS_STATUS_SUCCESS
        } catch {
            failure = image == nil && imageSize > 0 ? "Image is NULL, expected \(imageSize) bytes" : error.description
        }
    } else {
        failure = "Abi is \(abi.rawValue), expected 0 to 4 (NDIS_CHIMNEY_ABI)"
    }
    if let message, messageSize > 0 {
        let bytes = Array(failure.utf8.prefix(messageSize - 1))
        for (index, byte) in bytes.enumerated() { message[index] = CChar(bitPattern: byte) }
        message[bytes.count] = 0
    }
    return NDIS_STATUS_INVALID_PARAMETER
}

extension ABI {
    /// The ABI a C `NDIS_CHIMNEY_ABI` names, if it names one.
    init?(_ abi: NDIS_CHIMNEY_ABI) {
        switch abi {
        case NdisChimneyAbiHost: self = .host
        case NdisChimneyAbiX86: self = .x86
        case NdisChimneyAbiX64: self = .x64
        case NdisChimneyAbiArm64: self = .arm64
        case NdisChimneyAbiArm: self = .arm
        default: return nil
        }
    }
}
