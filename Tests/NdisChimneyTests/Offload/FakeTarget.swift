import Foundation
import NdisChimney

/// An offload target's adapter, standing in for a miniport driver's: its
/// MiniportAdapterContext is this object, so each provider handler call
/// lands in the target of the adapter the library chose. It records what it
/// received, writes `completionStatus` into the block, and then, by `mode`,
/// completes the request at once (inside the handler, on the requesting
/// thread), holds it for the test to complete later, or hands it to
/// `onRequest`.
///
/// `@unchecked Sendable`: the log and the held requests are read and
/// written under `lock`; `mode`, `onRequest`, `adapter` and
/// `completionStatus` are set by the test before any request that could
/// reach them, and not changed while one can.
final class FakeTarget: @unchecked Sendable {
    /// One provider handler call.
    struct Received: Equatable, Sendable {
        var request: OffloadRequest
        /// The block list (its address).
        var list: UInt
        /// The root block's SourceHandle while the handler ran.
        var sourceHandle: UInt
        /// Which provider set (1 or 2) the handler belongs to.
        var set: Int

        /// What a set-1 handler must have received of `request` on `list`
        /// made on `binding`: the binding's handle in SourceHandle.
        static func request(
            _ request: OffloadRequest, list: UnsafeMutablePointer<COffloadBlockList>, from binding: BindingHandle
        ) -> Received {
            Received(request: request, list: address(list), sourceHandle: binding.rawValue, set: 1)
        }
    }

    /// What a provider handler does after recording.
    enum Mode {
        /// Keeps the request until the test completes it.
        case hold
        /// Completes it before returning, as a target may.
        case completeAtOnce
        /// Calls `onRequest` and nothing else.
        case custom
    }

    let registry: ProtocolRegistry
    /// The adapter's NdisMiniportHandle, set once it is added.
    var adapter = AdapterHandle(rawValue: 0)
    var mode = Mode.hold
    var onRequest: ((OffloadRequest, UnsafeMutablePointer<CMiniportOffloadBlockList>) -> Void)?
    /// What the target writes into the block's Status when it receives it,
    /// so that the protocol's handler shows the two share the memory.
    var completionStatus = NDIS_STATUS_SUCCESS
    private let lock = NSLock()
    private var log: [Received] = []
    private var held: [(OffloadRequest, UnsafeMutablePointer<CMiniportOffloadBlockList>)] = []

    init(registry: ProtocolRegistry) { self.registry = registry }

    /// The value to add the adapter with.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Every provider handler call so far, in order.
    var received: [Received] { lock.withLock { log } }

    /// The requests held so far, forgetting them: the test completes them.
    func takeHeld() -> [(request: OffloadRequest, list: UnsafeMutablePointer<CMiniportOffloadBlockList>)] {
        lock.withLock {
            defer { held.removeAll() }
            return held.map { (request: $0.0, list: $0.1) }
        }
    }

    /// Completes every held request on this target's adapter, in order.
    func completeHeld() {
        for (request, list) in takeHeld() { registry.complete(request, on: adapter, blockList: list) }
    }

    /// One provider handler call on the target its context names.
    fileprivate static func receive(
        _ context: NDIS_HANDLE?, _ request: OffloadRequest, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?, set: Int
    ) {
        let target = Unmanaged<FakeTarget>.fromOpaque(context!).takeUnretainedValue()
        let list = list!
        target.lock.withLock {
            target.log.append(
                Received(
                    request: request, list: UInt(bitPattern: list),
                    sourceHandle: UInt(bitPattern: list.pointee.SourceHandle),
                    set: set))
        }
        list.pointee.Status = target.completionStatus
        switch target.mode {
        case .hold: target.lock.withLock { target.held.append((request, list)) }
        case .completeAtOnce: target.registry.complete(request, on: target.adapter, blockList: list)
        case .custom: target.onRequest?(request, list)
        }
    }
}

/// A miniport driver's provider generic characteristics, as WDK samples
/// register them (Revision 0, Size the structure's), whose handlers land in
/// the FakeTarget of their adapter, tagged with `set` (1 or 2) so that a
/// replacement shows; `omitting` one request leaves its handler NULL.
func providerCharacteristics(set: Int = 1, omitting: OffloadRequest? = nil) -> CProviderChimneyCharacteristics {
    var chars = CProviderChimneyCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.providerChimneyOffloadGenericCharacteristics.rawValue, Revision: 0,
        Size: USHORT(MemoryLayout<CProviderChimneyCharacteristics>.size))
    if set == 1 {
        chars.InitiateOffloadHandler = { FakeTarget.receive($0, .initiate, $1, set: 1) }
        chars.TerminateOffloadHandler = { FakeTarget.receive($0, .terminate, $1, set: 1) }
        chars.UpdateOffloadHandler = { FakeTarget.receive($0, .update, $1, set: 1) }
        chars.InvalidateOffloadHandler = { FakeTarget.receive($0, .invalidate, $1, set: 1) }
        chars.QueryOffloadHandler = { FakeTarget.receive($0, .query, $1, set: 1) }
    } else {
        chars.InitiateOffloadHandler = { FakeTarget.receive($0, .initiate, $1, set: 2) }
        chars.TerminateOffloadHandler = { FakeTarget.receive($0, .terminate, $1, set: 2) }
        chars.UpdateOffloadHandler = { FakeTarget.receive($0, .update, $1, set: 2) }
        chars.InvalidateOffloadHandler = { FakeTarget.receive($0, .invalidate, $1, set: 2) }
        chars.QueryOffloadHandler = { FakeTarget.receive($0, .query, $1, set: 2) }
    }
    switch omitting {
    case .initiate: chars.InitiateOffloadHandler = nil
    case .terminate: chars.TerminateOffloadHandler = nil
    case .update: chars.UpdateOffloadHandler = nil
    case .invalidate: chars.InvalidateOffloadHandler = nil
    case .query: chars.QueryOffloadHandler = nil
    case nil: break
    }
    return chars
}
