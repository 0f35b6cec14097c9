/// A registered protocol driver: the `NdisHandle` a driver passes to
/// `NdisSetOptionalHandlers`. Never NULL; stale once deregistered.
@frozen
public struct DriverHandle: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The handle's bits, as C sees them in an `NDIS_HANDLE`.
    public let rawValue: UInt

    /// Wraps handle bits (not checked until used).
    @inlinable
    public init(rawValue: UInt) { self.rawValue = rawValue }

    /// Wraps a C handle (not checked until used); NULL wraps as 0, which no
    /// registry ever gives out.
    @inlinable
    public init(_ handle: NDIS_HANDLE?) { rawValue = UInt(bitPattern: handle) }

    /// The handle as C passes it.
    @inlinable
    public var ndisHandle: NDIS_HANDLE? { NDIS_HANDLE(bitPattern: rawValue) }

    /// The bits in hexadecimal.
    public var description: String { hex(rawValue, digits: 16) }
}

/// An open binding of a protocol driver to an adapter: what completions are
/// delivered to. Never NULL; stale once closed.
@frozen
public struct BindingHandle: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The handle's bits, as C sees them in an `NDIS_HANDLE`.
    public let rawValue: UInt

    /// Wraps handle bits (not checked until used).
    @inlinable
    public init(rawValue: UInt) { self.rawValue = rawValue }

    /// Wraps a C handle (not checked until used).
    @inlinable
    public init(_ handle: NDIS_HANDLE?) { rawValue = UInt(bitPattern: handle) }

    /// The handle as C passes it.
    @inlinable
    public var ndisHandle: NDIS_HANDLE? { NDIS_HANDLE(bitPattern: rawValue) }

    /// The bits in hexadecimal.
    public var description: String { hex(rawValue, digits: 16) }
}
