// The C enumerations the layout tools describe, beside the structures of
// StructureDescription.swift: names spelled once here, values read from the
// C enumerators the headers declare (never typed again), sizes from the C
// types.

/// A C enumeration of the headers: its WDK name, its size and its constants.
package struct EnumDescription: Hashable, Sendable {
    /// One constant: its WDK name and its value.
    package struct Constant: Hashable, Sendable {
        /// The enumerator's name, for example `NeighborReachabilityQuery`.
        package let name: String
        /// Its value, as the C compiler gives it.
        package let value: Int64
    }

    /// The WDK type name, for example `INDICATE_OFFLOAD_EVENT`.
    package let name: String
    /// Bytes the enumeration occupies: its C type's size (4, an `int`, on
    /// every Windows ABI).
    package let size: Int
    /// The constants, in declaration order.
    package let constants: [Constant]

    /// Describes the C enumeration whose imported type is `Enumerator`,
    /// with each constant's name beside the C enumerator itself.
    init<Enumerator: RawRepresentable>(
        _ name: String, _ constants: KeyValuePairs<String, Enumerator>
    ) where Enumerator.RawValue: BinaryInteger {
        self.name = name
        size = MemoryLayout<Enumerator>.size
        self.constants = constants.map { Constant(name: $0.key, value: Int64($0.value.rawValue)) }
    }
}

extension EnumDescription {
    /// `INDICATE_OFFLOAD_EVENT`, the `IndicationCode` an offload event
    /// handler receives.
    package static let indicateOffloadEvent = EnumDescription(
        "INDICATE_OFFLOAD_EVENT",
        [
            "NeighborReachabilityInDoubt": NeighborReachabilityInDoubt,
            "NeighborReachabilityQuery": NeighborReachabilityQuery,
            "MaxOffloadEvent": MaxOffloadEvent,
        ])

    /// `NDIS_CHIMNEY_OFFLOAD_TYPE`, the `OffloadType` of the TCP structures.
    package static let chimneyOffloadType = EnumDescription(
        "NDIS_CHIMNEY_OFFLOAD_TYPE",
        [
            "NdisTcpChimneyOffload": NdisTcpChimneyOffload,
            "NdisIpsecChimneyOffload": NdisIpsecChimneyOffload,
            "NdisRdmaChimneyOffload": NdisRdmaChimneyOffload,
            "NdisMaxChimneyOffload": NdisMaxChimneyOffload,
        ])

    /// The enumerations `ndis-chimney layout --format isf` writes, in order:
    /// one line per enumeration.
    package static let all: [EnumDescription] = [.indicateOffloadEvent, .chimneyOffloadType]
}
