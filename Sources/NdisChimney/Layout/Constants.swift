// Swift names for the constants of `ndischimney.h`. Each value is read from
// the C macro or enumerator itself, never typed again.

/// An NDIS status code: an NTSTATUS, signed 32 bits on every ABI.
///
/// The corresponding C type is `NDIS_STATUS`.
@frozen
public struct NDISStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value.
    public var rawValue: NDIS_STATUS

    /// Wraps a C status value.
    @inlinable
    public init(rawValue: NDIS_STATUS) { self.rawValue = rawValue }

    /// The request succeeded. The corresponding C macro is `NDIS_STATUS_SUCCESS`.
    public static let success = NDISStatus(rawValue: NDIS_STATUS_SUCCESS)
    /// The request will complete later. The corresponding C macro is `NDIS_STATUS_PENDING`.
    public static let pending = NDISStatus(rawValue: NDIS_STATUS_PENDING)
    /// The request failed. The corresponding C macro is `NDIS_STATUS_FAILURE`.
    public static let failure = NDISStatus(rawValue: NDIS_STATUS_FAILURE)
    /// Resources ran out. The corresponding C macro is `NDIS_STATUS_RESOURCES`.
    public static let resources = NDISStatus(rawValue: NDIS_STATUS_RESOURCES)
    /// The request is not supported. The corresponding C macro is `NDIS_STATUS_NOT_SUPPORTED`.
    public static let notSupported = NDISStatus(rawValue: NDIS_STATUS_NOT_SUPPORTED)
    /// A parameter was malformed. The corresponding C macro is `NDIS_STATUS_INVALID_PARAMETER`.
    public static let invalidParameter = NDISStatus(rawValue: NDIS_STATUS_INVALID_PARAMETER)
    /// The request is not valid in the caller's state (here: a call from a
    /// handler that the call would wait for). The corresponding C macro is
    /// `NDIS_STATUS_INVALID_DEVICE_REQUEST`.
    public static let invalidDeviceRequest = NDISStatus(rawValue: NDIS_STATUS_INVALID_DEVICE_REQUEST)

    /// The WDK macro name of this status, when it is one this library uses.
    public var name: String? { staticName?.description }

    /// The WDK macro name as NUL-terminated text in static memory: the one
    /// list of names behind `name`, `description` and C's
    /// `NdisChimneyStatusText`, which hands the same bytes out.
    var staticName: StaticString? {
        switch self {
        case .success: "NDIS_STATUS_SUCCESS"
        case .pending: "NDIS_STATUS_PENDING"
        case .failure: "NDIS_STATUS_FAILURE"
        case .resources: "NDIS_STATUS_RESOURCES"
        case .notSupported: "NDIS_STATUS_NOT_SUPPORTED"
        case .invalidParameter: "NDIS_STATUS_INVALID_PARAMETER"
        case .invalidDeviceRequest: "NDIS_STATUS_INVALID_DEVICE_REQUEST"
        default: nil
        }
    }

    /// The name, or for a status this library never returns a fixed text
    /// that no WDK macro is called (C has no room for the bits without a
    /// buffer); what `NdisChimneyStatusText` answers.
    var staticText: StaticString { staticName ?? "unknown NDIS_STATUS" }

    /// The name and the 32-bit pattern, for example
    /// `NDIS_STATUS_INVALID_PARAMETER (0xc000000d)`.
    public var description: String {
        let bits = hex(UInt32(bitPattern: rawValue), digits: 8)
        return name.map { "\($0) (\(bits))" } ?? bits
    }
}

/// The `Type` of an `NDIS_OBJECT_HEADER`: which structure the header starts.
///
/// The corresponding C macros are `NDIS_OBJECT_TYPE_*`.
@frozen
public struct NDISObjectType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value, as stored in `NDIS_OBJECT_HEADER.Type`.
    public var rawValue: UCHAR

    /// Wraps a header type byte.
    @inlinable
    public init(rawValue: UCHAR) { self.rawValue = rawValue }

    /// The corresponding C macro is `NDIS_OBJECT_TYPE_DEFAULT`.
    public static let `default` = NDISObjectType(rawValue: UCHAR(NDIS_OBJECT_TYPE_DEFAULT))
    /// The protocol's generic chimney offload characteristics. The corresponding
    /// C macro is `NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`.
    public static let clientChimneyOffloadGenericCharacteristics = NDISObjectType(
        rawValue: UCHAR(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS))
    /// The offload target's twin of the client structure. The corresponding C
    /// macro is `NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS`.
    public static let providerChimneyOffloadGenericCharacteristics = NDISObjectType(
        rawValue: UCHAR(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS))

    /// The protocol's TCP chimney offload characteristics. The corresponding C
    /// macro is `NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS`.
    public static let clientChimneyOffloadCharacteristics = NDISObjectType(
        rawValue: UCHAR(NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS))
    /// The offload target's TCP chimney offload characteristics. The
    /// corresponding C macro is `NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS`.
    public static let providerChimneyOffloadCharacteristics = NDISObjectType(
        rawValue: UCHAR(NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS))

    /// The WDK macro name of this type, when it is one this library knows.
    public var name: String? {
        switch self {
        case .default: "NDIS_OBJECT_TYPE_DEFAULT"
        case .clientChimneyOffloadGenericCharacteristics:
            "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS"
        case .providerChimneyOffloadGenericCharacteristics:
            "NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS"
        case .clientChimneyOffloadCharacteristics: "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS"
        case .providerChimneyOffloadCharacteristics: "NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS"
        default: nil
        }
    }

    /// The name and the byte, for example `NDIS_OBJECT_TYPE_DEFAULT (0x80)`.
    public var description: String {
        let bits = hex(rawValue, digits: 2)
        return name.map { "\($0) (\(bits))" } ?? bits
    }
}

/// The `IndicationCode` of an offload event indication.
///
/// The corresponding C type is `INDICATE_OFFLOAD_EVENT`.
@frozen
public struct OffloadEvent: RawRepresentable, Hashable, Sendable {
    /// The C value, as passed in `IndicationCode`.
    public var rawValue: ULONG

    /// Wraps an indication code.
    @inlinable
    public init(rawValue: ULONG) { self.rawValue = rawValue }

    /// Reachability of a neighbor is in doubt; the block list is NULL.
    /// The corresponding C enumerator is `NeighborReachabilityInDoubt`.
    public static let neighborReachabilityInDoubt = OffloadEvent(
        rawValue: NeighborReachabilityInDoubt.rawValue)
    /// The offload target asks about a neighbor; the block list is valid.
    /// The corresponding C enumerator is `NeighborReachabilityQuery`.
    public static let neighborReachabilityQuery = OffloadEvent(
        rawValue: NeighborReachabilityQuery.rawValue)
    /// One past the last valid code. The corresponding C enumerator is `MaxOffloadEvent`.
    public static let maxOffloadEvent = OffloadEvent(rawValue: MaxOffloadEvent.rawValue)
}

/// Which chimney a TCP characteristics structure is about: its `OffloadType`.
///
/// The corresponding C type is `NDIS_CHIMNEY_OFFLOAD_TYPE`.
@frozen
public struct ChimneyOffloadType: RawRepresentable, Hashable, Sendable {
    /// The C value, as stored in `OffloadType` (4 bytes).
    public var rawValue: UInt32

    /// Wraps an offload type value.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// TCP chimney offload, the only type defined, which both TCP structures
    /// carry. The corresponding C enumerator is `NdisTcpChimneyOffload`.
    public static let tcp = ChimneyOffloadType(rawValue: NdisTcpChimneyOffload.rawValue)
    /// The corresponding C enumerator is `NdisIpsecChimneyOffload`.
    public static let ipsec = ChimneyOffloadType(rawValue: NdisIpsecChimneyOffload.rawValue)
    /// The corresponding C enumerator is `NdisRdmaChimneyOffload`.
    public static let rdma = ChimneyOffloadType(rawValue: NdisRdmaChimneyOffload.rawValue)
    /// One past the last type. The corresponding C enumerator is `NdisMaxChimneyOffload`.
    public static let max = ChimneyOffloadType(rawValue: NdisMaxChimneyOffload.rawValue)
}

/// The revision of the characteristics structure this library reads and writes.
///
/// The corresponding C macro is `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1`.
public let chimneyCharacteristicsRevision1 = UCHAR(
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1)

/// `0x` and the value in lower-case hexadecimal, zero-padded to `digits`:
/// one case for values and offsets alike, as WinDbg prints them
/// (`0xc000000d`, `+0x01c`); the digits messages write (MessageSink). Shared
/// with the `ndis-chimney` tool.
package func hex(_ value: some BinaryInteger, digits: Int = 1) -> String {
    StringSink.text { $0.append(hex: value, digits: digits) }
}
