import Synchronization

/// One adapter's slot in a registry: its state (SlotState: completions and
/// event indications entering by its NdisMiniportHandle are in flight in
/// it), its MiniportAdapterContext, its miniport driver's provider entry
/// points, and the counts of what the library could not deliver for it.
/// Everything but the atomics is written only while the slot is closed and
/// drained.
@usableFromInline
struct AdapterSlot: ~Copyable {
    @usableFromInline let state = SlotState()
    /// What the miniport driver's provider handlers receive.
    @usableFromInline var context: UnsafeMutableRawPointer? = nil
    /// The provider generic entry points of its miniport driver (Initiate,
    /// Terminate, Update, Invalidate and Query, in that order); valid while
    /// the adapter is added (a miniport driver cannot deregister with one).
    @usableFromInline var provider: UnsafeMutablePointer<DriverEntryPoints>? = nil
    /// Completions (NdisM*Complete) refused: never delivered.
    let refusedCompletions = Atomic<UInt>(0)
    /// Offload event indications refused.
    let refusedIndications = Atomic<UInt>(0)
    /// Requests to its bindings that the library completed with a failure
    /// Status, for want of a provider handler.
    let failedRequests = Atomic<UInt>(0)

    init() {}
}
