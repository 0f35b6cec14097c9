/// One of the six entry points of the characteristics structure, in field
/// order. Its raw value is the C `NDIS_CHIMNEY_ENTRY_POINT` of
/// `ndischimney_registry.h`, which also names a completion's kind.
@frozen
public enum EntryPoint: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `InitiateOffloadCompleteHandler`.
    case initiateOffloadComplete = 0
    /// `TerminateOffloadCompleteHandler`.
    case terminateOffloadComplete = 1
    /// `UpdateOffloadCompleteHandler`.
    case updateOffloadComplete = 2
    /// `InvalidateOffloadCompleteHandler`.
    case invalidateOffloadComplete = 3
    /// `QueryOffloadCompleteHandler`.
    case queryOffloadComplete = 4
    /// `IndicateOffloadEventHandler`, the only one given an `IndicationCode`.
    case indicateOffloadEvent = 5

    /// The WDK field name of this entry point.
    public var fieldName: String {
        switch self {
        case .initiateOffloadComplete: "InitiateOffloadCompleteHandler"
        case .terminateOffloadComplete: "TerminateOffloadCompleteHandler"
        case .updateOffloadComplete: "UpdateOffloadCompleteHandler"
        case .invalidateOffloadComplete: "InvalidateOffloadCompleteHandler"
        case .queryOffloadComplete: "QueryOffloadCompleteHandler"
        case .indicateOffloadEvent: "IndicateOffloadEventHandler"
        }
    }

    /// The WDK field name.
    public var description: String { fieldName }
}
