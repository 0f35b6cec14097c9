/// What became of one completion.
@frozen
public enum DispatchResult: Hashable, Sendable {
    /// The binding's entry point was called.
    case delivered
    /// The entry point is NULL: nothing was called. Not an error for the
    /// driver (it asked for no such completions), but not a delivery either.
    case noEntryPoint
    /// The handle names no open binding of this registry.
    case staleBinding
    /// The entry point number is out of range: a C caller's, or a batch's
    /// `Completion` made from its raw fields.
    case invalidEntryPoint
    /// The binding already has the most dispatches in flight one binding may
    /// have (2^20 - 1: threads times re-entrant depth); nothing was called.
    case inFlightLimit

    /// The status the C entry point answers: NDIS_STATUS_SUCCESS,
    /// NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_INVALID_PARAMETER or
    /// NDIS_STATUS_RESOURCES.
    @inlinable
    public var status: NDISStatus {
        switch self {
        case .delivered: .success
        case .noEntryPoint: .notSupported
        case .staleBinding, .invalidEntryPoint: .invalidParameter
        case .inFlightLimit: .resources
        }
    }
}

/// One completion of a batch, as an offload target's completion queue holds
/// it; the same type C uses, so a queue filled by C is read as it is.
///
/// Make one with `init(_:for:blockList:indicationCode:)`; a batch takes any
/// contiguous storage of them as a `Span`
/// (`ProtocolRegistry.dispatch(batch:)`).
///
/// The corresponding C type is `NDIS_CHIMNEY_COMPLETION`.
public typealias Completion = NDIS_CHIMNEY_COMPLETION

extension Completion {
    /// A completion of `entryPoint` for `binding`: its block list, passed
    /// through untouched, and `indicationCode`, which only the event handler
    /// (`EntryPoint.indicateOffloadEvent`) is given.
    @inlinable
    public init(
        _ entryPoint: EntryPoint, for binding: BindingHandle,
        blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, indicationCode: ULONG = 0
    ) {
        self.init(
            BindingHandle: binding.ndisHandle, OffloadBlockList: blockList,
            EntryPoint: ULONG(entryPoint.rawValue), IndicationCode: indicationCode)
    }
}
