import Foundation
import NdisChimney

/// What the offload hook was told of one refused call.
struct Refusal: Equatable, Sendable {
    /// The handle the call was given (NdisBindingHandle or NdisMiniportHandle).
    var handle: UInt
    var routine: OffloadRoutine
    /// The block list as given (its address; 0 for NULL).
    var list: UInt
    var reason: OffloadRefusal
}

/// The registry's offload hook context: records every refusal, then runs
/// `onRefusal`, if set. `@unchecked Sendable` as ProtocolProbe is.
final class HookLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [Refusal] = []
    /// What the hook does after recording.
    var onRefusal: ((Refusal) -> Void)?

    /// The value to set the hook with.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Every refusal so far, in order.
    var refusals: [Refusal] { lock.withLock { log } }

    /// The refusals so far, forgetting them, so that a test can look at one
    /// step at a time.
    func take() -> [Refusal] {
        lock.withLock {
            defer { log.removeAll() }
            return log
        }
    }

    /// The hook function, for `setOffloadHook(_:context:)` with `context`.
    static let function: OffloadHookFunction = { context, handle, routine, list, reason in
        let hook = Unmanaged<HookLog>.fromOpaque(context!).takeUnretainedValue()
        // A routine or reason outside the enumerations would be a bug the
        // test must see: kept as a refusal no test expects.
        let refusal = Refusal(
            handle: UInt(bitPattern: handle), routine: OffloadRoutine(rawValue: routine) ?? .eventIndication,
            list: UInt(bitPattern: list), reason: OffloadRefusal(rawValue: reason) ?? .inFlightLimit)
        hook.lock.withLock { hook.log.append(refusal) }
        hook.onRefusal?(refusal)
    }
}
