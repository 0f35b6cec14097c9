import NdisChimney
import Testing

/// NdisChimneyValidateImage takes its sizes as C's unsigned size_t: values of
/// 2^63 and more are sizes like any other, and NULL is refused before any
/// buffer is formed from it (a debug build would trap on a NULL buffer with a
/// non-zero count).
@Suite("NdisChimneyValidateImage: unsigned sizes and NULL")
struct ValidateImageSizeTests {
    private static let huge = UInt(1) << 63 | 5

    @Test("A NULL Image with an ImageSize of 2^63 or more: refused, the size quoted exactly, unsigned")
    func nullImageHugeSize() {
        for size in [Self.huge, UInt.max] {
            var message = [CChar](repeating: 0x7F, count: 128)
            let status = NdisChimneyValidateImage(nil, Int(bitPattern: size), NdisChimneyAbiX64, &message, 128)
            #expect(status == NDIS_STATUS_INVALID_PARAMETER)
            #expect(cString(message) == "Image is NULL, expected \(size) bytes")
        }
    }

    @Test("A real image with an ImageSize of 2^63 or more: judged on its own bytes, no size quoted")
    func realImageHugeSize() {
        var builder = ImageBuilder(abi: .x64)
        let valid = builder.bytes
        #expect(
            NdisChimneyValidateImage(valid, Int(bitPattern: Self.huge), NdisChimneyAbiX64, nil, 0)
                == NDIS_STATUS_SUCCESS)
        builder.flags = 1
        let flagged = builder.bytes
        var message = [CChar](repeating: 0x7F, count: 128)
        let status = NdisChimneyValidateImage(flagged, Int(bitPattern: Self.huge), NdisChimneyAbiX64, &message, 128)
        #expect(status == NDIS_STATUS_INVALID_PARAMETER)
        #expect(cString(message) == CharacteristicsError.reservedFlagsSet(1).description)
        #expect(!cString(message).contains("9223372036854775807"))
    }

    @Test("A MessageSize of 2^63 or more still gets the whole message, terminated")
    func hugeMessageSize() {
        let image = ImageBuilder(abi: .x86).bytes
        for size in [Self.huge, UInt.max] {
            // The buffer is smaller than the size claimed, but larger than the
            // message, which is all that is written.
            var message = [CChar](repeating: 0x7F, count: 256)
            let status = NdisChimneyValidateImage(
                image, image.count, NdisChimneyAbiX64, &message, Int(bitPattern: size))
            #expect(status == NDIS_STATUS_INVALID_PARAMETER)
            let expected = CharacteristicsError.sizeTooSmall(size: 32, minimum: 56, abi: .x64).description
            #expect(cString(message) == expected)
            #expect(message[expected.utf8.count] == 0)
            var abiMessage = [CChar](repeating: 0x7F, count: 256)
            _ = NdisChimneyValidateImage(
                image, image.count, NDIS_CHIMNEY_ABI(rawValue: 7), &abiMessage, Int(bitPattern: size))
            #expect(cString(abiMessage) == "Abi is 7, expected 0 to 4 (NDIS_CHIMNEY_ABI)")
        }
    }

    @Test("NULL with a non-zero ImageSize is refused, not trapped on, in this (debug) build too")
    func nullImage() {
        var message = [CChar](repeating: 0x7F, count: 128)
        #expect(NdisChimneyValidateImage(nil, 64, NdisChimneyAbiHost, &message, 128) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(cString(message) == "Image is NULL, expected 64 bytes")
        #expect(NdisChimneyValidateImage(nil, 64, NdisChimneyAbiHost, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyValidateImage(nil, 0, NdisChimneyAbiHost, &message, 128) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(cString(message) == "Header is truncated: 0 bytes available, expected at least 4")
    }
}
