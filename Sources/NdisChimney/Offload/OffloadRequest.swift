/// One of the five offload requests a protocol driver makes of an offload
/// target and the target completes, as the WDK names them. Its raw value is
/// the field number of both handlers involved: the protocol's completion
/// handler (``EntryPoint``, in NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)
/// and the offload target's request handler (in
/// NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS), which list them in
/// the same order.
@frozen
public enum OffloadRequest: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `NdisInitiateOffload`, completed by `NdisMInitiateOffloadComplete`.
    case initiate = 0
    /// `NdisTerminateOffload`, completed by `NdisMTerminateOffloadComplete`.
    case terminate = 1
    /// `NdisUpdateOffload`, completed by `NdisMUpdateOffloadComplete`.
    case update = 2
    /// `NdisInvalidateOffload`, completed by `NdisMInvalidateOffloadComplete`.
    case invalidate = 3
    /// `NdisQueryOffloadState`, completed by `NdisMQueryOffloadStateComplete`.
    case query = 4

    /// The protocol's completion handler for this request.
    public var completion: EntryPoint { EntryPoint(rawValue: rawValue).unsafelyUnwrapped }

    /// The WDK name of the request routine, for example `NdisInitiateOffload`.
    public var description: String {
        switch self {
        case .initiate: "NdisInitiateOffload"
        case .terminate: "NdisTerminateOffload"
        case .update: "NdisUpdateOffload"
        case .invalidate: "NdisInvalidateOffload"
        case .query: "NdisQueryOffloadState"
        }
    }
}

/// The NDIS routine an offload call came through, as the offload hook and
/// the C API name it (`NDIS_CHIMNEY_OFFLOAD_ROUTINE`): a request, a
/// completion, or an event indication.
@frozen
public enum OffloadRoutine: RawRepresentable, Hashable, Sendable {
    /// `NdisInitiateOffload` and the other four requests.
    case request(OffloadRequest)
    /// `NdisMInitiateOffloadComplete` and the other four completions.
    case completion(OffloadRequest)
    /// `NdisMOffloadEventIndicate`.
    case eventIndication

    /// The C value: requests 0...4, completions 5...9, the event indication 10.
    public var rawValue: ULONG {
        switch self {
        case .request(let request): ULONG(request.rawValue)
        case .completion(let request): ULONG(5 + request.rawValue)
        case .eventIndication: 10
        }
    }

    /// The routine with C value `rawValue`, if there is one.
    public init?(rawValue: ULONG) {
        switch rawValue {
        case 0...4: self = .request(OffloadRequest(rawValue: Int(rawValue)).unsafelyUnwrapped)
        case 5...9: self = .completion(OffloadRequest(rawValue: Int(rawValue) - 5).unsafelyUnwrapped)
        case 10: self = .eventIndication
        default: return nil
        }
    }
}

/// Why the library did not deliver an offload call (the routines return
/// VOID in the WDK, so the offload hook and the adapter's counts are how a
/// caller learns of it). The corresponding C type is
/// `NDIS_CHIMNEY_OFFLOAD_REFUSAL`.
@frozen
public enum OffloadRefusal: ULONG, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// A request's NdisBindingHandle is not an open binding.
    case unknownBinding = 1
    /// A completion's or indication's NdisMiniportHandle is not an adapter.
    case unknownAdapter = 2
    /// A request or completion came without a block list.
    case noBlockList = 3
    /// The root block's SourceHandle is NULL, or is not a handle of a
    /// binding of this registry open or closing (stale, forged, another
    /// registry's): it was not followed.
    case unknownSource = 4
    /// SourceHandle names a binding bound to another adapter.
    case otherAdapter = 5
    /// SourceHandle names a binding with no request outstanding here: the
    /// request was completed already (twice), or never made.
    case notOutstanding = 6
    /// The indication code is not NeighborReachabilityInDoubt (with no block
    /// list) or NeighborReachabilityQuery (with one).
    case invalidIndication = 7
    /// The binding or adapter already has the most calls in flight one may
    /// have.
    case inFlightLimit = 8
    /// The protocol driver installed no completion handler for the request,
    /// so nobody else was told: a completion that took its request (no
    /// longer outstanding, SourceHandle NULL), or a request no target could
    /// take, completed with NDIS_STATUS_NOT_SUPPORTED in its block.
    case noCompletionHandler = 9

    /// What went wrong, in a few words.
    public var description: String {
        switch self {
        case .unknownBinding: "the binding handle is not an open binding"
        case .unknownAdapter: "the miniport handle is not an adapter"
        case .noBlockList: "no block list"
        case .unknownSource: "SourceHandle is not a binding of this registry"
        case .otherAdapter: "SourceHandle is a binding of another adapter"
        case .notOutstanding: "no request is outstanding for SourceHandle (completed twice?)"
        case .invalidIndication: "the indication code and block list do not agree with INDICATE_OFFLOAD_EVENT"
        case .inFlightLimit: "the binding or adapter has the most calls in flight it may have"
        case .noCompletionHandler: "the protocol driver installed no completion handler for the request"
        }
    }
}
