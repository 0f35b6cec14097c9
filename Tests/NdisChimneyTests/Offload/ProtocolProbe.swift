import Foundation
import NdisChimney
import Synchronization

/// One call of a protocol's completion or indication handler, as the handler
/// saw it.
struct Delivery: Equatable, Sendable {
    /// Which handler was called.
    var entryPoint: EntryPoint
    /// The block list it was given (its address; 0 for NULL).
    var list: UInt
    /// The root block's SourceHandle while the handler ran: NULL once the
    /// library has taken it to route the completion.
    var sourceHandle: UInt
    /// The root block's Status while the handler ran (0 without a list).
    var status: NDIS_STATUS
    /// The IndicationCode (0 for completions).
    var code: ULONG
}

extension Delivery {
    /// What a completion handler must see of `request`'s completion on
    /// `list`: the list with `status`, SourceHandle already taken.
    static func completion(
        of request: OffloadRequest, list: UnsafeMutablePointer<COffloadBlockList>, status: NDIS_STATUS
    ) -> Delivery {
        Delivery(entryPoint: request.completion, list: address(list), sourceHandle: 0, status: status, code: 0)
    }
}

/// A protocol binding's ProtocolBindingContext: records every call of its
/// driver's handlers, then runs `onDelivery`, if set, on the delivering
/// thread.
///
/// `@unchecked Sendable`: the log is read and written under `lock` (a
/// pthread mutex, which ThreadSanitizer sees); `onDelivery` is set by the
/// test before any call that could reach it, and not changed while one can.
final class ProtocolProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [Delivery] = []
    /// What the handler does after recording.
    var onDelivery: ((Delivery) -> Void)?
    /// Set by a test once its closeBinding has returned; a delivery that
    /// arrives afterwards is counted in `late`.
    let closed = Atomic<Bool>(false)
    /// Deliveries that arrived after `closed` was set: must stay 0.
    let late = Atomic<Int>(0)

    /// The value to open the binding with.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Every delivery so far, in order.
    var deliveries: [Delivery] { lock.withLock { log } }

    /// Records one call of a handler whose context is a ProtocolProbe.
    fileprivate static func record(
        _ context: NDIS_HANDLE?, _ entryPoint: EntryPoint, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?,
        _ code: ULONG = 0
    ) {
        guard let context else { return }
        let probe = Unmanaged<ProtocolProbe>.fromOpaque(context).takeUnretainedValue()
        if probe.closed.load(ordering: .acquiring) { probe.late.wrappingAdd(1, ordering: .relaxed) }
        let delivery = Delivery(
            entryPoint: entryPoint, list: UInt(bitPattern: list),
            sourceHandle: UInt(bitPattern: list?.pointee.SourceHandle), status: list?.pointee.Status ?? 0, code: code)
        probe.lock.withLock { probe.log.append(delivery) }
        probe.onDelivery?(delivery)
    }
}

/// A protocol driver's generic characteristics whose six handlers record
/// into their ProtocolProbe.
func probeCharacteristics() -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue,
        Revision: chimneyCharacteristicsRevision1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    chars.InitiateOffloadCompleteHandler = { ProtocolProbe.record($0, .initiateOffloadComplete, $1) }
    chars.TerminateOffloadCompleteHandler = { ProtocolProbe.record($0, .terminateOffloadComplete, $1) }
    chars.UpdateOffloadCompleteHandler = { ProtocolProbe.record($0, .updateOffloadComplete, $1) }
    chars.InvalidateOffloadCompleteHandler = { ProtocolProbe.record($0, .invalidateOffloadComplete, $1) }
    chars.QueryOffloadCompleteHandler = { ProtocolProbe.record($0, .queryOffloadComplete, $1) }
    chars.IndicateOffloadEventHandler = { ProtocolProbe.record($0, .indicateOffloadEvent, $1, $2) }
    return chars
}
